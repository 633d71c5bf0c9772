import KubeModel

/// The default ClusterRoles and ClusterRoleBindings a cluster starts with, kube-apiserver's
/// bootstrap policy (the part a cluster without nodes and controllers needs): `cluster-admin`
/// for `system:masters`; discovery, self-reviews and public information for everyone signed in
/// (public information also for anonymous callers); and the user-facing `admin`, `edit` and
/// `view`, aggregated from the `system:aggregate-to-*` roles (and any ClusterRole labelled
/// `rbac.authorization.k8s.io/aggregate-to-<role>: "true"`).
///
/// Each object carries `kubernetes.io/bootstrapping: rbac-defaults` and
/// `rbac.authorization.kubernetes.io/autoupdate: "true"`, as kube-apiserver's do.
enum BootstrapPolicy {
    private static let read = ["get", "list", "watch"]
    private static let write = ["create", "delete", "deletecollection", "patch", "update"]

    /// A rule on resources of one group.
    private static func rule(_ verbs: [String], _ group: String, _ resources: String...) -> JSONValue {
        PolicyRule(verbs: verbs, apiGroups: [group], resources: resources).json
    }

    /// A rule on non-resource paths.
    private static func paths(_ verbs: [String], _ urls: String...) -> JSONValue {
        PolicyRule(verbs: verbs, nonResourceURLs: urls).json
    }

    private static let aggregateLabel = "rbac.authorization.k8s.io/aggregate-to-"

    /// ClusterRoles: name, extra labels, the role they aggregate (`nil`: plain), and rules.
    private static let clusterRoleTable: [(name: String, labels: [String: String], aggregates: String?, rules: [JSONValue])] = [
        ("cluster-admin", [:], nil, [rule(["*"], "*", "*"), paths(["*"], "*")]),
        ("system:discovery", [:], nil, [
            paths(["get"], "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/")
        ]),
        ("system:public-info-viewer", [:], nil, [paths(["get"], "/healthz", "/livez", "/readyz", "/version", "/version/")]),
        ("system:monitoring", [:], nil, [
            paths(["get"], "/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz", "/livez/*", "/readyz/*", "/healthz/*")
        ]),
        ("system:basic-user", [:], nil, [
            rule(["create"], "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectrulesreviews"),
            rule(["create"], "authentication.k8s.io", "selfsubjectreviews"),
        ]),
        ("admin", [:], "admin", []),
        ("edit", [aggregateLabel + "admin": "true"], "edit", []),
        ("view", [aggregateLabel + "edit": "true"], "view", []),
        ("system:aggregate-to-admin", [aggregateLabel + "admin": "true"], nil, [
            rule(["create"], "authorization.k8s.io", "localsubjectaccessreviews"),
            rule(read + write, "rbac.authorization.k8s.io", "rolebindings", "roles"),
        ]),
        ("system:aggregate-to-edit", [aggregateLabel + "edit": "true"], nil, [
            rule(read, "", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"),
            rule(["impersonate"], "", "serviceaccounts"),
            rule(write, "", "pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"),
            rule(["create"], "", "pods/eviction"),
            rule(write, "", "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale",
                 "secrets", "serviceaccounts", "services", "services/proxy"),
            rule(["create"], "", "serviceaccounts/token"),
            rule(write, "apps", "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
                 "replicasets/scale", "statefulsets", "statefulsets/scale"),
            rule(write, "autoscaling", "horizontalpodautoscalers"),
            rule(write, "batch", "cronjobs", "jobs"),
            rule(write, "policy", "poddisruptionbudgets"),
            rule(write, "networking.k8s.io", "ingresses", "networkpolicies"),
            rule(read + write, "coordination.k8s.io", "leases"),
        ]),
        ("system:aggregate-to-view", [aggregateLabel + "view": "true"], nil, [
            rule(read, "", "configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
                 "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"),
            rule(read, "", "bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
                 "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"),
            rule(read, "", "namespaces"),
            rule(read, "discovery.k8s.io", "endpointslices"),
            rule(read, "apps", "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                 "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                 "statefulsets/scale", "statefulsets/status"),
            rule(read, "autoscaling", "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
            rule(read, "batch", "cronjobs", "cronjobs/status", "jobs", "jobs/status"),
            rule(read, "policy", "poddisruptionbudgets", "poddisruptionbudgets/status"),
            rule(read, "networking.k8s.io", "ingresses", "ingresses/status", "networkpolicies"),
        ]),
    ]

    /// ClusterRoleBindings: name (also the role's), and the groups bound.
    private static let clusterRoleBindingTable: [(name: String, groups: [String])] = [
        ("cluster-admin", ["system:masters"]),
        ("system:discovery", ["system:authenticated"]),
        ("system:basic-user", ["system:authenticated"]),
        ("system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]),
        ("system:monitoring", ["system:monitoring"]),
    ]

    private static func metadata(_ name: String, labels: [String: String]) -> JSONValue {
        var allLabels = JSONObject(labels.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        allLabels["kubernetes.io/bootstrapping"] = "rbac-defaults"
        return [
            "name": .string(name), "labels": .object(allLabels),
            "annotations": ["rbac.authorization.kubernetes.io/autoupdate": "true"],
        ]
    }

    /// The default ClusterRoles.
    static var clusterRoles: [JSONValue] {
        clusterRoleTable.map { entry in
            var role: JSONValue = [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": metadata(entry.name, labels: entry.labels), "rules": .array(entry.rules),
            ]
            if let aggregated = entry.aggregates {
                role["aggregationRule"] = ["clusterRoleSelectors": [["matchLabels": [aggregateLabel + aggregated: "true"]]]]
            }
            return role
        }
    }

    /// The default ClusterRoleBindings.
    static var clusterRoleBindings: [JSONValue] {
        clusterRoleBindingTable.map { entry in
            [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": metadata(entry.name, labels: [:]),
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(entry.name)],
                "subjects": .array(entry.groups.map { ["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string($0)] }),
            ]
        }
    }
}

extension BootstrapPolicy {
    /// A stored default object brought up to date the way kube-apiserver reconciles its bootstrap
    /// policy: only when it carries `rbac.authorization.kubernetes.io/autoupdate: "true"`, missing
    /// labels, annotations, rules, aggregation selectors and subjects are added (nothing is taken
    /// away). `nil` when nothing needs to change.
    static func reconciled(_ stored: JSONValue, with wanted: JSONValue) -> JSONValue? {
        guard stored.annotations["rbac.authorization.kubernetes.io/autoupdate"] == "true" else { return nil }
        var result = stored
        for field in ["labels", "annotations"] {
            var members = stored.metadata[field] ?? .object(JSONObject())
            for member in wanted.metadata[field]?.objectValue ?? JSONObject() where members[member.key] == nil {
                members[member.key] = member.value
            }
            result["metadata"]?[field] = members
        }
        func union(_ path: [String]) {
            guard let wantedItems = wanted[path: path]?.arrayValue else { return }
            let storedItems = stored[path: path]?.arrayValue ?? []
            let merged = storedItems + wantedItems.filter { item in !storedItems.contains(item) }
            guard merged != storedItems else { return }
            if path.count == 1 {
                result[path[0]] = .array(merged)
            } else {
                result[path[0]] = result[path[0]] ?? .object(JSONObject())
                result[path[0]]?[path[1]] = .array(merged)
            }
        }
        union(["subjects"])
        union(["aggregationRule", "clusterRoleSelectors"])
        if wanted["aggregationRule"] == nil, let wantedRules = wanted["rules"]?.arrayValue {
            // Rules compare as rules, not as JSON text, so a stored rule in another field order still counts.
            let storedRules = PolicyRule.rules(of: stored)
            let missing = wantedRules.filter { !storedRules.contains(PolicyRule(json: $0)) }
            if !missing.isEmpty { result["rules"] = .array((stored["rules"]?.arrayValue ?? []) + missing) }
        }
        guard result != stored else { return nil }  // (a ternary would make `nil` the JSON null)
        return result
    }
}
