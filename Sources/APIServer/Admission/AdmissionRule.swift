import KubeModel

/// One rule of admission matching: which operations on which resources a webhook or a
/// ValidatingAdmissionPolicy wants (admissionregistration.k8s.io/v1 `RuleWithOperations`, and
/// with `resourceNames` a `NamedRuleWithOperations`).
struct AdmissionRule: Sendable {
    var operations: [String]
    var apiGroups: [String]
    var apiVersions: [String]
    /// Resources (`pods`), subresources (`pods/status`), or wildcards (`*`, `*/*`, `pods/*`, `*/status`).
    var resources: [String]
    /// Names the rule is limited to; empty matches any name.
    var resourceNames: [String]
    /// `Namespaced`, `Cluster` or `*`.
    var scope: String

    /// Reads one rule; absent lists are empty (match nothing) and the scope defaults to `*`.
    init(_ rule: JSONValue) {
        func strings(_ key: String) -> [String] { (rule[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        self.operations = strings("operations")
        self.apiGroups = strings("apiGroups")
        self.apiVersions = strings("apiVersions")
        self.resources = strings("resources")
        self.resourceNames = strings("resourceNames")
        self.scope = rule["scope"]?.stringValue ?? "*"
    }

    /// Whether the rule matches the request; `anyVersion` (matchPolicy `Equivalent`) ignores
    /// `apiVersions`, as the same resource is served under several versions.
    func matches(_ attributes: AdmissionAttributes, anyVersion: Bool) -> Bool {
        let resource = attributes.definition.resource
        let path = attributes.subresource.isEmpty ? resource.resource : "\(resource.resource)/\(attributes.subresource)"
        return Self.contains(self.operations, attributes.operation)
            && Self.contains(self.apiGroups, resource.group)
            && (anyVersion || Self.contains(self.apiVersions, resource.version))
            && self.resources.contains { pattern in
                pattern == "*/*" || pattern == path
                    || (pattern == "*" && attributes.subresource.isEmpty)
                    || (pattern.hasSuffix("/*") && attributes.subresource.isEmpty == false && pattern.dropLast(2) == resource.resource)
                    || (pattern.hasPrefix("*/") && pattern.dropFirst(2) == attributes.subresource)
            }
            && (self.scope == "*" || self.scope == (attributes.definition.namespaced ? "Namespaced" : "Cluster"))
            && (self.resourceNames.isEmpty || self.resourceNames.contains(attributes.name))
    }

    private static func contains(_ values: [String], _ value: String) -> Bool {
        values.contains("*") || values.contains(value)
    }
}
