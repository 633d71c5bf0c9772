/// `--authorization-mode=RBAC`: Roles, ClusterRoles and their bindings decide, evaluated from the
/// in-memory ``RBACPolicyCache`` with kube-apiserver's semantics. A request no rule allows gets no
/// opinion (so the next authorizer, or a `403`, follows).
public struct RBACAuthorizer: Authorizer {
    private let cache: RBACPolicyCache

    /// Creates the authorizer over a cache (which must run as a service).
    public init(cache: RBACPolicyCache) {
        self.cache = cache
    }

    /// The reason given while the cache has not loaded the policy from storage.
    static let notSynced = "RBAC: roles and bindings have not been read from storage yet"

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        await self.cache.withPolicy { $0.authorize(attributes) } ?? .noOpinion(reason: Self.notSynced)
    }

    public func rules(for user: UserInfo, namespace: String) async -> SubjectRules {
        if let rules = await self.cache.withPolicy({ $0.rules(for: user, namespace: namespace) }) {
            return rules
        }
        var rules = SubjectRules()
        rules.incomplete = true
        rules.errors = [Self.notSynced]
        return rules
    }
}
