import KubeModel

/// kube-apiserver's RBAC privilege-escalation prevention, run on every create and update of a
/// Role, ClusterRole, RoleBinding or ClusterRoleBinding: a user may only write a role whose rules
/// it holds itself (in the role's namespace; cluster-wide for a ClusterRole) unless it may
/// `escalate` that role, and may only bind a role whose rules it holds (in the binding's namespace)
/// unless it may `bind` that role. Setting a ClusterRole's `aggregationRule` needs every
/// permission. Members of `system:masters`, and the server's own writes, are not checked.
struct RBACEscalationCheck: ValidatingAdmission {
    let authorizer: any Authorizer
    let objects: ObjectStore
    let catalog: ResourceCatalog

    static let group = "rbac.authorization.k8s.io"

    /// Every permission on everything: what setting an aggregation rule requires.
    private static let fullAuthority = [
        PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
    ]

    func validate(_ attributes: AdmissionAttributes) async throws {
        guard attributes.definition.resource.group == Self.group, attributes.subresource.isEmpty,
            attributes.operation == "CREATE" || attributes.operation == "UPDATE",
            let object = attributes.object, let user = attributes.user, !user.groups.contains("system:masters")
        else { return }
        switch attributes.definition.resource.resource {
        case "roles", "clusterroles":
            try await self.checkRole(object, old: attributes.oldObject, attributes, user: user)
        case "rolebindings", "clusterrolebindings":
            try await self.checkBinding(object, old: attributes.oldObject, attributes, user: user)
        default:
            return
        }
    }

    private func checkRole(_ role: JSONValue, old: JSONValue?, _ attributes: AdmissionAttributes, user: UserInfo) async throws {
        let resource = attributes.definition.resource
        let aggregation: JSONValue = role["aggregationRule"] ?? JSONValue.null
        let oldAggregation: JSONValue = old?["aggregationRule"] ?? JSONValue.null
        let rules: JSONValue = role["rules"] ?? JSONValue.null
        let oldRules: JSONValue? = old.map { $0["rules"] ?? JSONValue.null }
        // Writes that leave the rules and aggregation alone (labels, finalizers) need nothing more.
        if oldRules == rules && oldAggregation == aggregation { return }
        let escalate = AuthorizationAttributes.resource(
            user: user, verb: "escalate", group: Self.group, resource: resource.resource, namespace: attributes.namespace,
            name: attributes.name)
        if case .allow = await self.authorizer.authorize(escalate) { return }
        let held = await self.authorizer.rules(for: user, namespace: attributes.namespace)
        try Self.confirmHeld(PolicyRule.rules(of: role), held: held, user: user, resource, name: attributes.name)
        if aggregation != JSONValue.null && aggregation != oldAggregation {
            guard PolicyRule.uncovered(Self.fullAuthority, by: held.resourceRules + held.nonResourceRules).isEmpty else {
                throw StatusError.forbidden(resource, name: attributes.name, "must have cluster-admin privileges to use the aggregationRule")
            }
        }
    }

    private func checkBinding(_ binding: JSONValue, old: JSONValue?, _ attributes: AdmissionAttributes, user: UserInfo) async throws {
        let resource = attributes.definition.resource
        let roleRef: JSONValue = binding["roleRef"] ?? JSONValue.null
        if let old, (old["roleRef"] ?? JSONValue.null) == roleRef { return }
        let kind: String = roleRef["kind"]?.stringValue ?? ""
        let roleName: String = roleRef["name"]?.stringValue ?? ""
        let roleResource = kind == "ClusterRole" ? "clusterroles" : "roles"
        let bind = AuthorizationAttributes.resource(
            user: user, verb: "bind", group: Self.group, resource: roleResource, namespace: attributes.namespace, name: roleName)
        if case .allow = await self.authorizer.authorize(bind) { return }
        let rules = try await self.rules(ofRole: roleResource, name: roleName, namespace: kind == "ClusterRole" ? "" : attributes.namespace)
        let held = await self.authorizer.rules(for: user, namespace: attributes.namespace)
        try Self.confirmHeld(rules, held: held, user: user, resource, name: attributes.name)
    }

    /// The rules of the role a binding refers to; kube answers its lister's not-found error.
    private func rules(ofRole resource: String, name: String, namespace: String) async throws -> [PolicyRule] {
        let served = GroupVersionResource(group: Self.group, version: "v1", resource: resource)
        guard let definition = self.catalog.definition(for: served) else {
            throw StatusError.internalError("\(resource).\(Self.group) is not served")
        }
        let role: JSONValue
        do {
            role = try await self.objects.get(definition, namespace: namespace, name: name)
        } catch {
            guard error.code == 404 else { throw error }
            // The listers kube-apiserver reads name the resource in the singular.
            let singular = GroupVersionResource(group: Self.group, version: "v1", resource: String(resource.dropLast()))
            throw StatusError.notFound(singular, name: name)
        }
        return PolicyRule.rules(of: role)
    }

    /// Throws kube's 403 listing the rules `held` does not cover.
    private static func confirmHeld(
        _ rules: [PolicyRule], held: SubjectRules, user: UserInfo, _ resource: GroupVersionResource, name: String
    ) throws {
        let missing = PolicyRule.uncovered(rules, by: held.resourceRules + held.nonResourceRules)
        guard !missing.isEmpty else { return }
        let quotedGroups: [String] = user.groups.map { "\"\($0)\"" }
        let descriptions: [String] = Set(missing.map(\.compactDescription)).sorted()
        var message = "user \"\(user.name)\" (groups=[\(quotedGroups.joined(separator: " "))]) is attempting to grant RBAC "
        message += "permissions not currently held:\n\(descriptions.joined(separator: "\n"))"
        if !held.errors.isEmpty {
            message += "; resolution errors: [\(held.errors.joined(separator: " "))]"
        }
        throw StatusError.forbidden(resource, name: name, message)
    }
}
