/// `--authorization-mode=AlwaysAllow`: every request is allowed.
public struct AlwaysAllowAuthorizer: Authorizer {
    /// Creates the authorizer.
    public init() {}

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        .allow(reason: "")
    }

    public func rules(for user: UserInfo, namespace: String) async -> SubjectRules {
        .everything
    }
}
