import KubeModel

/// Which requests an admission webhook, ValidatingAdmissionPolicy or binding applies to: resource
/// rules, rules that exclude, and label selectors on the object and its namespace
/// (admissionregistration.k8s.io/v1 `MatchResources`, and a webhook's `rules` and selectors).
struct AdmissionMatchResources: Sendable {
    /// The rules one of which must match; `nil` matches every resource (a binding's
    /// `matchResources` without `resourceRules`).
    var resourceRules: [AdmissionRule]?
    /// Rules that exclude a request any other rule matched.
    var excludeResourceRules: [AdmissionRule]
    var namespaceSelector: LabelSelector
    var objectSelector: LabelSelector
    /// `Equivalent` also matches the same resource in other versions; `Exact` does not.
    var matchPolicy: String

    /// Matching with every field given.
    init(
        resourceRules: [AdmissionRule]?, excludeResourceRules: [AdmissionRule] = [], namespaceSelector: LabelSelector,
        objectSelector: LabelSelector, matchPolicy: String
    ) {
        self.resourceRules = resourceRules
        self.excludeResourceRules = excludeResourceRules
        self.namespaceSelector = namespaceSelector
        self.objectSelector = objectSelector
        self.matchPolicy = matchPolicy
    }

    /// Reads a `MatchResources` object; empty `resourceRules` match every resource, as in a
    /// binding (a policy must name some: ``ValidatingAdmissionPolicy/problems(_:)``).
    /// - Throws: ``StatusError`` for a malformed selector.
    init(_ matchResources: JSONValue?) throws(StatusError) {
        let rules = (matchResources?["resourceRules"]?.arrayValue ?? []).map(AdmissionRule.init)
        self.init(
            resourceRules: rules.isEmpty ? nil : rules,
            excludeResourceRules: (matchResources?["excludeResourceRules"]?.arrayValue ?? []).map(AdmissionRule.init),
            namespaceSelector: try LabelSelector(structured: matchResources?["namespaceSelector"]),
            objectSelector: try LabelSelector(structured: matchResources?["objectSelector"]),
            matchPolicy: matchResources?["matchPolicy"]?.stringValue ?? "Equivalent"
        )
    }

    /// Whether the request matches: the selectors hold (the namespace selector only where the
    /// attributes carry namespace labels, see ``AdmissionNamespaces``), no exclude rule matches,
    /// and a resource rule does.
    func matches(_ attributes: AdmissionAttributes) -> Bool {
        let anyVersion = self.matchPolicy == "Equivalent"
        if let namespaceLabels = attributes.namespaceLabels, !self.namespaceSelector.matches(namespaceLabels) {
            return false
        }
        let labels = [attributes.object, attributes.oldObject].compactMap { $0?.labels }
        guard labels.isEmpty ? self.objectSelector.isEmpty : labels.contains(where: self.objectSelector.matches) else {
            return false
        }
        if self.excludeResourceRules.contains(where: { $0.matches(attributes, anyVersion: anyVersion) }) {
            return false
        }
        guard let resourceRules = self.resourceRules else { return true }
        return resourceRules.contains { $0.matches(attributes, anyVersion: anyVersion) }
    }
}
