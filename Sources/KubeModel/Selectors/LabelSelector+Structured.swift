extension LabelSelector {
    /// A selector from its structured form (`matchLabels` and `matchExpressions`, as in webhooks,
    /// workloads and aggregation rules); `nil` or `{}` selects everything.
    ///
    /// - Throws: ``StatusError`` `400` for an unknown operator or a malformed requirement.
    public init(structured selector: JSONValue?) throws(StatusError) {
        var requirements: [Requirement] = []
        for member in selector?["matchLabels"]?.objectValue ?? JSONObject() {
            requirements.append(.equals(member.key, member.value.stringValue ?? ""))
        }
        for expression in selector?["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = Set((expression["values"]?.arrayValue ?? []).compactMap(\.stringValue))
            switch expression["operator"]?.stringValue ?? "" {
            case "In": requirements.append(.in(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            case let other: throw .badRequest("\"\(other)\" is not a valid label selector operator")
            }
        }
        self.init(requirements: requirements)
    }

    /// A selector of these requirements.
    init(requirements: [Requirement]) {
        self.requirements = requirements
    }
}
