import CEL
import Foundation

extension CustomResourceSchema {
    /// Cause types after which kube-apiserver does not run CEL rules (the object is too broken
    /// for rules to be meaningful).
    private static let blockingCauseTypes: Set<String> = [
        "FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid",
    ]

    /// The evaluation steps all the rules of one object may take together (kube-apiserver's
    /// `RuntimeCELCostBudget`, in this engine's steps); each rule alone may take
    /// `CELProgram.defaultCostLimit`.
    public static let ruleCostBudget = 10_000_000

    /// The causes of the schema's CEL rules (`x-kubernetes-validations`) for an object, after
    /// the schema's own `problems`: each rule runs with `self` bound to the value at its node
    /// (per item for rules under list items and map values) and, on update, `oldSelf` to the
    /// node's old value. When the schema found blocking problems (a wrong type, a missing
    /// required field, an unsupported value), rules are skipped with kube-apiserver's note.
    /// - Parameters:
    ///   - object: The object being written.
    ///   - old: The stored object, on update.
    ///   - schemaProblems: What ``problems(_:)`` found.
    public func ruleProblems(_ object: JSONValue, old: JSONValue?, schemaProblems: [StatusCause]) -> [StatusCause] {
        guard !self.rules.isEmpty else { return [] }
        let blocking = schemaProblems.contains {
            Self.blockingCauseTypes.contains($0.type) || $0.message.contains(" must be of type ")
        }
        guard !blocking else {
            return [StatusCause(
                type: "FieldValueInvalid",
                message: "Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
                field: "<nil>"
            )]
        }
        var causes: [StatusCause] = []
        var budget = Self.ruleCostBudget
        self.evaluateRules(object, old: old, schema: self.root, node: "", path: "", into: &causes, budget: &budget, depth: 0)
        return causes
    }

    /// Compiles the rules of every schema node, keyed by the node's place in the schema: `""`
    /// for the root, then `/p/<name>` for a property, `/i` for list items, `/a` for map values.
    /// Rules that do not compile were refused with the CRD and are left out.
    static func compileRules(_ schema: JSONValue, node: String, into rules: inout [String: [CustomResourceValidationRule]], depth: Int) {
        guard depth < Self.maximumDepth else { return }
        if let entries = schema["x-kubernetes-validations"]?.arrayValue, !entries.isEmpty {
            rules[node] = entries.compactMap(CustomResourceValidationRule.init)
        }
        for member in schema["properties"]?.objectValue ?? JSONObject() {
            Self.compileRules(member.value, node: Self.propertyNode(node, member.key), into: &rules, depth: depth + 1)
        }
        if let items = schema["items"] {
            Self.compileRules(items, node: "\(node)/i", into: &rules, depth: depth + 1)
        }
        if let values = schema["additionalProperties"], values.objectValue != nil {
            Self.compileRules(values, node: "\(node)/a", into: &rules, depth: depth + 1)
        }
    }

    /// The key of a property's schema node, its name escaped as in a JSON pointer.
    private static func propertyNode(_ node: String, _ name: String) -> String {
        "\(node)/p/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private func evaluateRules(
        _ value: JSONValue, old: JSONValue?, schema: JSONValue, node: String, path: String, into causes: inout [StatusCause],
        budget: inout Int, depth: Int
    ) {
        guard depth < Self.maximumDepth, value != .null, budget >= 0 else { return }
        if let rules = self.rules[node] {
            let current = Self.celValue(value, schema: schema)
            let previous = old.flatMap { $0 == .null ? nil : Self.celValue($0, schema: schema) }
            let typeName = schema["type"]?.stringValue ?? ""
            for rule in rules where budget >= 0 {
                if let cause = rule.problem(current, old: previous, path: path, typeName: typeName, budget: &budget) {
                    causes.append(cause)
                }
            }
        }
        switch value {
        case .object(let object):
            let properties = schema["properties"]?.objectValue
            let valueSchema = schema["additionalProperties"].flatMap { $0.objectValue != nil ? $0 : nil }
            for member in object {
                if let childSchema = properties?[member.key] {
                    let childPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                    self.evaluateRules(
                        member.value, old: old?[member.key], schema: childSchema, node: Self.propertyNode(node, member.key),
                        path: childPath, into: &causes, budget: &budget, depth: depth + 1
                    )
                } else if properties == nil, let valueSchema {
                    self.evaluateRules(
                        member.value, old: old?[member.key], schema: valueSchema, node: "\(node)/a",
                        path: "\(path)[\(member.key)]", into: &causes, budget: &budget, depth: depth + 1
                    )
                }
            }
        case .array(let elements):
            guard let items = schema["items"] else { return }
            let keys = schema["x-kubernetes-list-type"]?.stringValue == "map"
                ? (schema["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue) : nil
            let oldElements = old?.arrayValue ?? []
            for (index, element) in elements.enumerated() {
                // Only items of a map list have an identity to find their old value by.
                let oldElement = keys.flatMap { keys in oldElements.first { candidate in keys.allSatisfy { candidate[$0] == element[$0] } } }
                self.evaluateRules(
                    element, old: oldElement, schema: items, node: "\(node)/i", path: "\(path)[\(index)]",
                    into: &causes, budget: &budget, depth: depth + 1
                )
            }
        default:
            return
        }
    }

    /// A JSON value as CEL sees it under its schema: objects as maps with string keys (declared
    /// properties under their escaped names, ``celFieldName(_:)``), arrays as lists, integers of
    /// `type: number` fields as doubles and whole doubles of `type: integer` fields as ints.
    static func celValue(_ value: JSONValue, schema: JSONValue?) -> CELValue {
        let type = schema?["type"]?.stringValue
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return type == "number" ? .double(Double(number)) : .int(number)
        case .double(let number):
            if type == "integer", number.rounded() == number, abs(number) < 9.2e18 { return .int(Int64(number)) }
            return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements):
            return .list(elements.map { Self.celValue($0, schema: schema?["items"]) })
        case .object(let object):
            let properties = schema?["properties"]?.objectValue
            let valueSchema = schema?["additionalProperties"]
            return .map(object.map { member in
                let property = properties?[member.key]
                return CELMapEntry(
                    key: .string(property == nil ? member.key : Self.celFieldName(member.key)),
                    value: Self.celValue(member.value, schema: property ?? valueSchema)
                )
            })
        }
    }

    /// Words CEL reserves, which kube-apiserver escapes as `__word__` in property names.
    private static let reservedFieldNames: Set<String> = [
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    /// A declared property's name as rules write it, escaped as kube-apiserver escapes it:
    /// `namespace` is `__namespace__`, and `__`, `.`, `-`, `/` become `__underscores__`,
    /// `__dot__`, `__dash__`, `__slash__` (`self.x__dash__y` reads `x-y`).
    static func celFieldName(_ name: String) -> String {
        if Self.reservedFieldNames.contains(name) { return "__\(name)__" }
        return name.replacingOccurrences(of: "__", with: "__underscores__").replacingOccurrences(of: ".", with: "__dot__")
            .replacingOccurrences(of: "-", with: "__dash__").replacingOccurrences(of: "/", with: "__slash__")
    }
}
