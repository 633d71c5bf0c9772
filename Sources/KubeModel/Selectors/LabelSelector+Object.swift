extension LabelSelector {
    /// The selector a `metav1.LabelSelector` object describes (`matchLabels` and
    /// `matchExpressions` with `In`, `NotIn`, `Exists`, `DoesNotExist`); `nil` for an operator
    /// Kubernetes does not define.
    public init?(object: JSONValue) {
        var requirements: [Requirement] = []
        for member in object["matchLabels"]?.objectValue ?? JSONObject() {
            requirements.append(.equals(member.key, member.value.stringValue ?? ""))
        }
        for expression in object["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = Set((expression["values"]?.arrayValue ?? []).compactMap(\.stringValue))
            switch expression["operator"]?.stringValue {
            case "In": requirements.append(.in(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            default: return nil
            }
        }
        self.requirements = requirements
    }
}
