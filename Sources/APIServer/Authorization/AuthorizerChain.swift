/// Several authorizers asked in order, kube-apiserver's union authorizer: the first that allows
/// or denies decides; when all have no opinion the answer is no opinion, with their reasons
/// joined by newlines (and the request is forbidden). Rules are the concatenation of each
/// authorizer's rules.
public struct AuthorizerChain: Authorizer {
    private let authorizers: [any Authorizer]

    /// Creates a chain of `authorizers`, asked in order.
    public init(_ authorizers: [any Authorizer]) {
        self.authorizers = authorizers
    }

    /// The chain `--authorization-mode` describes: the `system:masters` superuser check first,
    /// then each mode in order (RBAC evaluated from `cache`).
    public init(modes: [AuthorizationMode], cache: RBACPolicyCache) {
        self.init([PrivilegedGroupAuthorizer()] + modes.map { mode -> any Authorizer in
            switch mode {
            case .alwaysAllow: AlwaysAllowAuthorizer()
            case .rbac: RBACAuthorizer(cache: cache)
            }
        })
    }

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        var reasons: [String] = []
        for authorizer in self.authorizers {
            let decision = await authorizer.authorize(attributes)
            if case .noOpinion(let reason) = decision {
                if !reason.isEmpty { reasons.append(reason) }
                continue
            }
            return decision
        }
        return .noOpinion(reason: reasons.joined(separator: "\n"))
    }

    public func rules(for user: UserInfo, namespace: String) async -> SubjectRules {
        var rules = SubjectRules()
        for authorizer in self.authorizers {
            rules.merge(await authorizer.rules(for: user, namespace: namespace))
        }
        return rules
    }
}
