/// Decides whether a user may do what a request asks (kube-apiserver's `authorizer.Authorizer`
/// together with its `RuleResolver`).
public protocol Authorizer: Sendable {
    /// Decides one request.
    func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision

    /// The rules that apply to `user` in `namespace` (cluster-wide rules only when it is empty).
    func rules(for user: UserInfo, namespace: String) async -> SubjectRules
}
