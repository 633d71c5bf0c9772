public import KubeModel

/// One rule of a Role or ClusterRole (`rbac.authorization.k8s.io/v1` `PolicyRule`), matched as
/// kube-apiserver's RBAC authorizer matches it: `*` matches any verb, group or resource,
/// `*/<subresource>` any resource's subresource, an empty `resourceNames` any name, and a
/// non-resource URL ending in `*` any path with that prefix.
public struct PolicyRule: Sendable, Hashable {
    public var verbs: [String]
    public var apiGroups: [String]
    public var resources: [String]
    public var resourceNames: [String]
    public var nonResourceURLs: [String]

    /// Creates a rule.
    public init(
        verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [],
        nonResourceURLs: [String] = []
    ) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    /// Reads a rule from its JSON form; missing lists are empty.
    public init(json: JSONValue) {
        func strings(_ field: String) -> [String] { (json[field]?.arrayValue ?? []).compactMap(\.stringValue) }
        self.init(
            verbs: strings("verbs"), apiGroups: strings("apiGroups"), resources: strings("resources"),
            resourceNames: strings("resourceNames"), nonResourceURLs: strings("nonResourceURLs")
        )
    }

    /// The rules of a role object (`rules`).
    public static func rules(of role: JSONValue) -> [PolicyRule] {
        (role["rules"]?.arrayValue ?? []).map(PolicyRule.init(json:))
    }

    /// The JSON form, in the Go type's field order, empty lists left out.
    public var json: JSONValue {
        var object = JSONObject()
        for (field, values) in [
            ("verbs", self.verbs), ("apiGroups", self.apiGroups), ("resources", self.resources),
            ("resourceNames", self.resourceNames), ("nonResourceURLs", self.nonResourceURLs),
        ] where !values.isEmpty || field == "verbs" {
            object[field] = .array(values.map(JSONValue.string))
        }
        return .object(object)
    }

    /// Whether the rule allows the request.
    public func allows(_ attributes: AuthorizationAttributes) -> Bool {
        guard self.verbs.contains(where: { $0 == "*" || $0 == attributes.verb }) else { return false }
        guard attributes.isResourceRequest else {
            return self.nonResourceURLs.contains { Self.url($0, matches: attributes.path) }
        }
        return self.apiGroups.contains { $0 == "*" || $0 == attributes.apiGroup }
            && self.matchesResource(attributes.resource, subresource: attributes.subresource)
            && (self.resourceNames.isEmpty || self.resourceNames.contains(attributes.name))
    }

    private func matchesResource(_ resource: String, subresource: String) -> Bool {
        let combined = subresource.isEmpty ? resource : resource + "/" + subresource
        return self.resources.contains { rule in
            rule == "*" || rule == combined || (!subresource.isEmpty && rule == "*/" + subresource)
        }
    }

    private static func url(_ rule: String, matches path: String) -> Bool {
        if rule == "*" || rule == path { return true }
        return rule.hasSuffix("*") && path.hasPrefix(rule.dropLast())
    }
}
