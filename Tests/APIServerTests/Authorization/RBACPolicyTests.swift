import KubeModel
import Testing

@testable import APIServer

@Suite struct RBACPolicyTests {
    private static func role(_ name: String, namespace: String = "", labels: JSONValue = [:], rules: [PolicyRule], aggregate: [JSONValue]? = nil)
        -> JSONValue
    {
        var metadata: JSONValue = ["name": .string(name), "labels": labels]
        if !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        var role: JSONValue = ["metadata": metadata, "rules": .array(rules.map(\.json))]
        if let aggregate { role["aggregationRule"] = ["clusterRoleSelectors": .array(aggregate)] }
        return role
    }

    private static func binding(_ name: String, namespace: String = "", role: (kind: String, name: String), subjects: [JSONValue]) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name)]
        if !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        return [
            "metadata": metadata, "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(role.kind), "name": .string(role.name)],
            "subjects": .array(subjects),
        ]
    }

    private static func subject(_ kind: String, _ name: String, namespace: String? = nil) -> JSONValue {
        var subject: JSONValue = ["kind": .string(kind), "name": .string(name)]
        if let namespace { subject["namespace"] = .string(namespace) }
        return subject
    }

    private static let readPods = PolicyRule(verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"])
    private static let editDeployments = PolicyRule(verbs: ["*"], apiGroups: ["apps"], resources: ["deployments", "deployments/scale"])

    /// A cluster with a pod reader (ClusterRole) and a deployment editor (Role in `team`).
    private func policy() -> RBACPolicy {
        var policy = RBACPolicy()
        policy.setRole(Self.role("pod-reader", rules: [Self.readPods]), cluster: true)
        policy.setRole(Self.role("deployer", namespace: "team", rules: [Self.editDeployments]), cluster: false)
        policy.setBinding(Self.binding("readers", role: ("ClusterRole", "pod-reader"), subjects: [Self.subject("User", "alice")]))
        policy.setBinding(Self.binding("deployers", namespace: "team", role: ("Role", "deployer"), subjects: [Self.subject("Group", "devs")]))
        policy.setBinding(Self.binding("team-readers", namespace: "team", role: ("ClusterRole", "pod-reader"), subjects: [
            Self.subject("ServiceAccount", "builder"), Self.subject("ServiceAccount", "ci", namespace: "tools"),
        ]))
        return policy
    }

    private func can(_ policy: RBACPolicy, _ user: UserInfo, _ verb: String, _ resource: String, group: String = "", namespace: String = "",
                     subresource: String = "") -> Bool
    {
        policy.authorize(.resource(user: user, verb: verb, group: group, resource: resource, subresource: subresource, namespace: namespace)).isAllowed
    }

    @Test func clusterRoleBindingAppliesEverywhereAndNamesItselfInTheReason() {
        let policy = self.policy()
        let alice = UserInfo(name: "alice")
        #expect(can(policy, alice, "list", "pods"))
        #expect(can(policy, alice, "get", "pods", namespace: "anywhere"))
        #expect(!can(policy, alice, "delete", "pods", namespace: "anywhere"))
        #expect(!can(policy, alice, "get", "pods", namespace: "anywhere", subresource: "log"))
        #expect(policy.authorize(.resource(user: alice, verb: "get", group: "", resource: "pods", namespace: "x"))
            == .allow(reason: #"RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to User "alice""#))
        #expect(policy.authorize(.resource(user: UserInfo(name: "bob"), verb: "get", group: "", resource: "pods")) == .noOpinion(reason: ""))
    }

    @Test func roleBindingAppliesOnlyInItsNamespace() {
        let policy = self.policy()
        let dev = UserInfo(name: "carol", groups: ["devs"])
        #expect(can(policy, dev, "create", "deployments", group: "apps", namespace: "team"))
        #expect(can(policy, dev, "update", "deployments", group: "apps", namespace: "team", subresource: "scale"))
        #expect(!can(policy, dev, "create", "deployments", group: "apps", namespace: "other"))
        #expect(!can(policy, dev, "list", "deployments", group: "apps"))
        #expect(!can(policy, dev, "create", "deployments", group: "", namespace: "team"))
        #expect(policy.authorize(.resource(user: dev, verb: "get", group: "apps", resource: "deployments", namespace: "team"))
            == .allow(reason: #"RBAC: allowed by RoleBinding "deployers/team" of Role "deployer" to Group "devs""#))
    }

    @Test func serviceAccountSubjectsMatchTheirUserNameWithTheBindingsNamespaceAsDefault() {
        let policy = self.policy()
        let builder = UserInfo(name: "system:serviceaccount:team:builder")
        let ci = UserInfo(name: "system:serviceaccount:tools:ci")
        let otherBuilder = UserInfo(name: "system:serviceaccount:other:builder")
        #expect(can(policy, builder, "list", "pods", namespace: "team"))
        #expect(!can(policy, builder, "list", "pods", namespace: "other"))
        #expect(can(policy, ci, "list", "pods", namespace: "team"))
        #expect(!can(policy, otherBuilder, "list", "pods", namespace: "team"))
        #expect(policy.authorize(.resource(user: ci, verb: "get", group: "", resource: "pods", namespace: "team"))
            == .allow(reason: #"RBAC: allowed by RoleBinding "team-readers/team" of ClusterRole "pod-reader" to ServiceAccount "ci/tools""#))
    }

    @Test func serviceAccountWithoutNamespaceInAClusterRoleBindingMatchesNobody() {
        var policy = self.policy()
        policy.setBinding(Self.binding("loose", role: ("ClusterRole", "pod-reader"), subjects: [Self.subject("ServiceAccount", "builder")]))
        #expect(!can(policy, UserInfo(name: "system:serviceaccount:default:builder"), "list", "pods"))
    }

    @Test func bindingsToMissingRolesGiveTheReason() {
        var policy = RBACPolicy()
        policy.setBinding(Self.binding("ghostly", role: ("ClusterRole", "ghost"), subjects: [Self.subject("User", "alice")]))
        let attributes = AuthorizationAttributes.resource(user: UserInfo(name: "alice"), verb: "get", group: "", resource: "pods")
        #expect(policy.authorize(attributes) == .noOpinion(reason: #"RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found"#))
        policy.setBinding(Self.binding("ghostly", namespace: "team", role: ("Role", "ghost"), subjects: [Self.subject("User", "alice")]))
        var namespaced = attributes
        namespaced.namespace = "team"
        #expect(policy.authorize(namespaced).reason.contains(#"role.rbac.authorization.k8s.io "ghost" not found"#))
    }

    @Test func changesReindexSubjects() {
        var policy = self.policy()
        let alice = UserInfo(name: "alice")
        let bob = UserInfo(name: "bob")
        policy.setBinding(Self.binding("readers", role: ("ClusterRole", "pod-reader"), subjects: [Self.subject("User", "bob")]))
        #expect(!can(policy, alice, "list", "pods"))
        #expect(can(policy, bob, "list", "pods"))
        policy.removeBinding(namespace: "", name: "readers")
        #expect(!can(policy, bob, "list", "pods"))
        policy.setBinding(Self.binding("readers", role: ("ClusterRole", "pod-reader"), subjects: [Self.subject("User", "bob")]))
        policy.removeRole(namespace: "", name: "pod-reader", cluster: true)
        #expect(!can(policy, bob, "list", "pods"))
        policy.setRole(Self.role("pod-reader", rules: [Self.editDeployments]), cluster: true)
        #expect(can(policy, bob, "patch", "deployments", group: "apps", namespace: "x"))
        #expect(!can(policy, bob, "list", "pods"))
    }

    @Test func aThousandBindingsOnlyTheOnesNamingTheUserAreVisited() {
        var policy = self.policy()
        for index in 0..<1000 {
            policy.setBinding(Self.binding("b\(index)", namespace: "ns\(index % 10)", role: ("ClusterRole", "missing-\(index)"), subjects: [
                Self.subject("User", "user\(index)")
            ]))
        }
        // Bindings to missing roles would show up in the reason if they were visited.
        let user7 = UserInfo(name: "user7")
        #expect(policy.authorize(.resource(user: user7, verb: "get", group: "", resource: "pods", namespace: "ns7")).reason
            == #"RBAC: clusterrole.rbac.authorization.k8s.io "missing-7" not found"#)
        #expect(policy.authorize(.resource(user: user7, verb: "get", group: "", resource: "pods", namespace: "ns6")) == .noOpinion(reason: ""))
        #expect(can(policy, UserInfo(name: "alice"), "get", "pods", namespace: "ns3"))
    }

    @Test func nonResourceRulesComeFromClusterRoles() {
        var policy = RBACPolicy()
        policy.setRole(Self.role("health", rules: [PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/healthz/*"])]), cluster: true)
        policy.setBinding(Self.binding("health", role: ("ClusterRole", "health"), subjects: [Self.subject("Group", "system:unauthenticated")]))
        #expect(policy.authorize(.nonResource(user: .anonymous, verb: "get", path: "/healthz/etcd")).isAllowed)
        #expect(!policy.authorize(.nonResource(user: .anonymous, verb: "get", path: "/metrics")).isAllowed)
        #expect(!policy.authorize(.nonResource(user: UserInfo(name: "alice"), verb: "get", path: "/healthz")).isAllowed)
    }

    @Test func rulesForAUserSplitResourceAndPathRules() {
        var policy = self.policy()
        policy.setRole(Self.role("mixed", rules: [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["nodes"], nonResourceURLs: ["/metrics"])]), cluster: true)
        policy.setBinding(Self.binding("mixed", role: ("ClusterRole", "mixed"), subjects: [Self.subject("Group", "devs")]))
        let dev = UserInfo(name: "carol", groups: ["devs"])
        let cluster = policy.rules(for: dev, namespace: "")
        #expect(cluster.resourceRules == [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["nodes"])])
        #expect(cluster.nonResourceRules == [PolicyRule(verbs: ["get"], nonResourceURLs: ["/metrics"])])
        let team = policy.rules(for: dev, namespace: "team")
        #expect(team.resourceRules == [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["nodes"]), Self.editDeployments])
        #expect(team.errors.isEmpty)
    }

    @Test func aggregationUnitesTheSelectedRolesRulesOnceEachInNameOrder() {
        var policy = RBACPolicy()
        let selector: JSONValue = ["matchLabels": ["aggregate-to-mine": "true"]]
        policy.setRole(Self.role("mine", labels: ["aggregate-to-mine": "true"], rules: [], aggregate: [selector]), cluster: true)
        policy.setRole(Self.role("b-part", labels: ["aggregate-to-mine": "true"], rules: [Self.editDeployments, Self.readPods]), cluster: true)
        policy.setRole(Self.role("a-part", labels: ["aggregate-to-mine": "true"], rules: [Self.readPods]), cluster: true)
        policy.setRole(Self.role("unrelated", rules: [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])]), cluster: true)
        #expect(policy.aggregatingClusterRoles == ["mine"])
        #expect(policy.aggregatedRules(of: "mine") == [Self.readPods, Self.editDeployments])
        #expect(policy.aggregatedRules(of: "a-part") == nil)
        policy.removeRole(namespace: "", name: "b-part", cluster: true)
        #expect(policy.aggregatedRules(of: "mine") == [Self.readPods])
    }

    @Test func defaultPolicyGivesKubesAnswers() {
        var policy = RBACPolicy()
        for role in BootstrapPolicy.clusterRoles { policy.setRole(role, cluster: true) }
        for binding in BootstrapPolicy.clusterRoleBindings { policy.setBinding(binding) }
        let alice = UserInfo(name: "alice")
        #expect(policy.authorize(.nonResource(user: alice, verb: "get", path: "/apis/apps/v1")).isAllowed)
        #expect(policy.authorize(.nonResource(user: .anonymous, verb: "get", path: "/version")).isAllowed)
        #expect(!policy.authorize(.nonResource(user: .anonymous, verb: "get", path: "/api")).isAllowed)
        #expect(policy.authorize(.resource(user: alice, verb: "create", group: "authorization.k8s.io", resource: "selfsubjectaccessreviews")).isAllowed)
        #expect(!policy.authorize(.resource(user: alice, verb: "create", group: "authorization.k8s.io", resource: "subjectaccessreviews")).isAllowed)
        #expect(!can(policy, alice, "list", "pods", namespace: "default"))
        // The user-facing roles aggregate the system:aggregate-to-* parts, view into edit into admin.
        #expect(policy.aggregatingClusterRoles == ["admin", "edit", "view"])
        let view = policy.aggregatedRules(of: "view") ?? []
        #expect(view.contains { $0.allows(.resource(user: alice, verb: "list", group: "apps", resource: "deployments", namespace: "x")) })
        #expect(!view.contains { $0.allows(.resource(user: alice, verb: "get", group: "", resource: "secrets", namespace: "x")) })
    }
}
