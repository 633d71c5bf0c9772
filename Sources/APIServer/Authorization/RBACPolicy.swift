import KubeModel

/// The RBAC objects of a cluster (Roles, ClusterRoles, RoleBindings, ClusterRoleBindings) held
/// in memory and evaluated as kube-apiserver's RBAC authorizer evaluates them. Pure: it is fed
/// objects and asked questions, and does no I/O.
///
/// Bindings are indexed by the subjects they name (a user, a group, or a service account under
/// its user name `system:serviceaccount:<namespace>:<name>`), so a request looks only at the
/// cluster bindings and the bindings of its namespace that name its user or one of its groups,
/// however many bindings the cluster has.
struct RBACPolicy: Sendable {
    /// A role's rules, and what an aggregating ClusterRole needs.
    struct Role: Sendable {
        var rules: [PolicyRule]
        var labels: [String: String]
        /// The selectors of `aggregationRule.clusterRoleSelectors`; `nil` without an aggregation rule.
        var aggregationSelectors: [LabelSelector]?
    }

    /// What a subject entry of a binding matches.
    enum SubjectKey: Sendable, Hashable {
        case user(String)
        case group(String)
    }

    /// A RoleBinding or ClusterRoleBinding.
    struct Binding: Sendable {
        var name: String
        /// Empty for a ClusterRoleBinding.
        var namespace: String
        var roleKind: String
        var roleName: String
        /// The subjects as matched (service accounts as their user names), with their description.
        var subjects: [(key: SubjectKey, description: String)]

        /// Reads a binding; service-account subjects without a namespace take the binding's.
        init(_ object: JSONValue) {
            self.name = object.name
            self.namespace = object.namespace
            self.roleKind = object["roleRef"]?["kind"]?.stringValue ?? ""
            self.roleName = object["roleRef"]?["name"]?.stringValue ?? ""
            self.subjects = (object["subjects"]?.arrayValue ?? []).compactMap { [namespace] subject in
                let name = subject["name"]?.stringValue ?? ""
                switch subject["kind"]?.stringValue {
                case "User": return (.user(name), "User \"\(name)\"")
                case "Group": return (.group(name), "Group \"\(name)\"")
                case "ServiceAccount":
                    let saNamespace = subject["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
                    guard !saNamespace.isEmpty else { return nil }
                    return (.user(ServiceAccountName.username(namespace: saNamespace, name: name)), "ServiceAccount \"\(name)/\(saNamespace)\"")
                default: return nil
                }
            }
        }

        /// kube-apiserver's description of the binding, for the reason of an allowed request.
        func describe(subject: String) -> String {
            if self.namespace.isEmpty {
                return "ClusterRoleBinding \"\(self.name)\" of \(self.roleKind) \"\(self.roleName)\" to \(subject)"
            }
            return "RoleBinding \"\(self.name)/\(self.namespace)\" of \(self.roleKind) \"\(self.roleName)\" to \(subject)"
        }
    }

    /// The identity of an object in the maps: namespace and name (namespace empty when cluster-scoped).
    struct ObjectKey: Sendable, Hashable, Comparable {
        var namespace: String
        var name: String

        static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
            (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
        }
    }

    private(set) var roles: [ObjectKey: Role] = [:]
    private(set) var clusterRoles: [String: Role] = [:]
    private(set) var bindings: [ObjectKey: Binding] = [:]
    /// Binding keys by namespace (empty: ClusterRoleBindings) and by subject.
    private var index: [String: [SubjectKey: Set<ObjectKey>]] = [:]

    // MARK: changes

    /// Adds or replaces a Role or ClusterRole.
    mutating func setRole(_ object: JSONValue, cluster: Bool) {
        let selectors = object["aggregationRule"]?["clusterRoleSelectors"]?.arrayValue.map { $0.compactMap(LabelSelector.init(object:)) }
        let role = Role(rules: PolicyRule.rules(of: object), labels: object.labels, aggregationSelectors: selectors)
        if cluster {
            self.clusterRoles[object.name] = role
        } else {
            self.roles[ObjectKey(namespace: object.namespace, name: object.name)] = role
        }
    }

    /// Removes a Role (with its namespace) or ClusterRole (namespace empty).
    mutating func removeRole(namespace: String, name: String, cluster: Bool) {
        if cluster {
            self.clusterRoles[name] = nil
        } else {
            self.roles[ObjectKey(namespace: namespace, name: name)] = nil
        }
    }

    /// Adds or replaces a RoleBinding or ClusterRoleBinding (namespace empty), re-indexing its subjects.
    mutating func setBinding(_ object: JSONValue) {
        let binding = Binding(object)
        let key = ObjectKey(namespace: binding.namespace, name: binding.name)
        self.removeBinding(namespace: key.namespace, name: key.name)
        self.bindings[key] = binding
        for subject in binding.subjects {
            self.index[key.namespace, default: [:]][subject.key, default: []].insert(key)
        }
    }

    /// Removes a binding and its index entries.
    mutating func removeBinding(namespace: String, name: String) {
        let key = ObjectKey(namespace: namespace, name: name)
        guard let old = self.bindings.removeValue(forKey: key) else { return }
        for subject in old.subjects {
            self.index[namespace]?[subject.key]?.remove(key)
            if self.index[namespace]?[subject.key]?.isEmpty == true { self.index[namespace]?[subject.key] = nil }
        }
        if self.index[namespace]?.isEmpty == true { self.index[namespace] = nil }
    }

    // MARK: evaluation

    /// Decides a request: allowed by the first rule of a binding naming the user that allows it
    /// (reason: which binding), otherwise no opinion (reason: bindings to missing roles, if any).
    func authorize(_ attributes: AuthorizationAttributes) -> AuthorizationDecision {
        var errors: [String] = []
        for (binding, subject) in self.bindings(for: attributes.user, namespace: attributes.namespace) {
            switch self.rules(of: binding) {
            case .success(let rules):
                if rules.contains(where: { $0.allows(attributes) }) {
                    return .allow(reason: "RBAC: allowed by \(binding.describe(subject: subject))")
                }
            case .failure(let error):
                errors.append(error.message)
            }
        }
        guard !errors.isEmpty else { return .noOpinion(reason: "") }
        return .noOpinion(reason: "RBAC: " + (errors.count == 1 ? errors[0] : "[" + errors.joined(separator: ", ") + "]"))
    }

    /// Every rule that applies to `user` in `namespace` (cluster bindings only when it is empty).
    func rules(for user: UserInfo, namespace: String) -> SubjectRules {
        var result = SubjectRules()
        for (binding, _) in self.bindings(for: user, namespace: namespace) {
            switch self.rules(of: binding) {
            case .success(let rules): result.add(rules)
            case .failure(let error): result.errors.append(error.message)
            }
        }
        return result
    }

    /// The bindings that name the user (first the cluster's, then the namespace's, each by name),
    /// with the first subject that names the user.
    private func bindings(for user: UserInfo, namespace: String) -> [(Binding, String)] {
        let keys = [SubjectKey.user(user.name)] + user.groups.map(SubjectKey.group)
        var found: [(Binding, String)] = []
        for scope in namespace.isEmpty ? [""] : ["", namespace] {
            guard let bySubject = self.index[scope] else { continue }
            var names = Set<ObjectKey>()
            for key in keys { names.formUnion(bySubject[key] ?? []) }
            for name in names.sorted() {
                guard let binding = self.bindings[name],
                    let subject = binding.subjects.first(where: { keys.contains($0.key) })
                else { continue }
                found.append((binding, subject.description))
            }
        }
        return found
    }

    /// The rules of the role a binding refers to.
    private func rules(of binding: Binding) -> Result<[PolicyRule], StatusError> {
        switch binding.roleKind {
        case "ClusterRole":
            guard let role = self.clusterRoles[binding.roleName] else {
                return .failure(.notFound(Self.clusterRolesResource, name: binding.roleName))
            }
            return .success(role.rules)
        case "Role" where !binding.namespace.isEmpty:
            guard let role = self.roles[ObjectKey(namespace: binding.namespace, name: binding.roleName)] else {
                return .failure(.notFound(Self.rolesResource, name: binding.roleName))
            }
            return .success(role.rules)
        default:
            return .failure(.badRequest("unsupported role reference kind: \"\(binding.roleKind)\""))
        }
    }

    // The listers kube-apiserver reads name the resources in the singular: `clusterrole.rbac.authorization.k8s.io "x" not found`.
    private static let clusterRolesResource = GroupVersionResource(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrole")
    private static let rolesResource = GroupVersionResource(group: "rbac.authorization.k8s.io", version: "v1", resource: "role")

    // MARK: aggregation

    /// The rules an aggregating ClusterRole should have, as kube-controller-manager's
    /// clusterrole-aggregation controller computes them: for each selector in order, the rules of
    /// the other ClusterRoles it selects (by name), each rule once. `nil` for a role without an
    /// aggregation rule.
    func aggregatedRules(of name: String) -> [PolicyRule]? {
        guard let selectors = self.clusterRoles[name]?.aggregationSelectors else { return nil }
        var rules: [PolicyRule] = []
        for selector in selectors {
            for (otherName, other) in self.clusterRoles.sorted(by: { $0.key < $1.key })
            where otherName != name && selector.matches(other.labels) {
                for rule in other.rules where !rules.contains(rule) { rules.append(rule) }
            }
        }
        return rules
    }

    /// The names of the ClusterRoles with an aggregation rule.
    var aggregatingClusterRoles: [String] {
        self.clusterRoles.filter { $0.value.aggregationSelectors != nil }.keys.sorted()
    }
}
