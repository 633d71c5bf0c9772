/// Allows every request of a member of a privileged group (`system:masters`), before any other
/// authorizer is asked, as kube-apiserver does; no opinion on anyone else.
public struct PrivilegedGroupAuthorizer: Authorizer {
    /// The superuser group.
    public static let superuserGroup = "system:masters"

    private let groups: Set<String>

    /// Creates the authorizer for `groups`.
    public init(groups: Set<String> = [Self.superuserGroup]) {
        self.groups = groups
    }

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        self.isPrivileged(attributes.user) ? .allow(reason: "") : .noOpinion(reason: "")
    }

    public func rules(for user: UserInfo, namespace: String) async -> SubjectRules {
        self.isPrivileged(user) ? .everything : SubjectRules()
    }

    private func isPrivileged(_ user: UserInfo) -> Bool {
        user.groups.contains(where: self.groups.contains)
    }
}
