/// Finds and removes the fields of an object that its built-in schema does not declare, as decoding
/// into Kubernetes' Go types drops them; the paths found are what `fieldValidation=Strict` refuses
/// and `Warn` reports (`spec.template.spec.containers[0].imagee`). Empty maps and lists in optional
/// fields are dropped too, as Go's `omitempty` drops them when the object is written back.
public enum UnknownFieldPruner {
    /// The object without undeclared fields, and the dotted paths of the fields removed. Objects
    /// without a built-in schema come back unchanged.
    public static func prune(_ object: JSONValue, kind: GroupVersionKind) -> (object: JSONValue, unknownFields: [String]) {
        guard let name = BuiltinSchemas.namesByKind[kind], let schema = BuiltinSchemas.definitionsByName[name] else {
            return (object, [])
        }
        var unknown: [String] = []
        let pruned = Self.prune(object, schema: schema, path: "", unknown: &unknown, depth: 0)
        return (pruned, unknown)
    }

    /// Schemas nest deeper than any object should; beyond this, values are left as they are.
    private static let maximumDepth = 64

    /// Whether Go's `omitempty` leaves this value out: an empty list, or an empty map (a schema
    /// with `additionalProperties` and no `properties`; empty structs are written).
    private static func isOmittedWhenEmpty(_ value: JSONValue, schema: JSONValue) -> Bool {
        switch value {
        case .array(let elements):
            return elements.isEmpty
        case .object(let object):
            return object.isEmpty && schema["properties"] == nil && schema["additionalProperties"] != nil
        default:
            return false
        }
    }

    private static func prune(_ value: JSONValue, schema: JSONValue, path: String, unknown: inout [String], depth: Int)
        -> JSONValue
    {
        let schema = BuiltinSchemas.resolve(schema) ?? schema
        guard depth < Self.maximumDepth, schema["x-kubernetes-preserve-unknown-fields"]?.boolValue != true else {
            return value
        }
        switch value {
        case .object(let object):
            if let properties = schema["properties"]?.objectValue {
                var kept: [JSONObject.Member] = []
                let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
                for member in object {
                    let childPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                    guard let childSchema = properties[member.key] else {
                        unknown.append(childPath)
                        continue
                    }
                    let value = Self.prune(member.value, schema: childSchema, path: childPath, unknown: &unknown, depth: depth + 1)
                    if !required.contains(member.key) && Self.isOmittedWhenEmpty(value, schema: BuiltinSchemas.resolve(childSchema) ?? childSchema) {
                        continue
                    }
                    kept.append(JSONObject.Member(key: member.key, value: value))
                }
                return .object(JSONObject(uniqueMembers: kept))
            }
            if let valueSchema = schema["additionalProperties"], case .object = valueSchema {
                var kept: [JSONObject.Member] = []
                for member in object {
                    let childPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                    kept.append(JSONObject.Member(key: member.key, value: Self.prune(member.value, schema: valueSchema, path: childPath, unknown: &unknown, depth: depth + 1)))
                }
                return .object(JSONObject(uniqueMembers: kept))
            }
            return value
        case .array(let elements):
            guard let itemSchema = schema["items"] else { return value }
            return .array(elements.enumerated().map { index, element in
                Self.prune(element, schema: itemSchema, path: "\(path)[\(index)]", unknown: &unknown, depth: depth + 1)
            })
        default:
            return value
        }
    }
}
