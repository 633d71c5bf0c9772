extension CustomResourceDefinition {
    /// What kube-apiserver's CRD validation refuses, with its field paths and wording: names,
    /// group, scope, versions, conversion, and schemas that are not structural. CEL rules
    /// (`x-kubernetes-validations`) must compile (``CustomResourceValidationRule``): a rule this
    /// server cannot evaluate is refused here rather than ignored when objects are written.
    public static func validationProblems(_ object: JSONValue) -> [StatusCause] {
        var causes: [StatusCause] = []
        let spec = object["spec"] ?? .null
        let group = spec["group"]?.stringValue ?? ""
        let names = spec["names"] ?? .null
        let plural = names["plural"]?.stringValue ?? ""
        if group.isEmpty {
            causes.append(.required("spec.group"))
        } else if !group.contains(".") {
            causes.append(.invalid("spec.group", value: group, "should be a domain with at least one dot"))
        } else {
            causes += NameValidation.subdomainProblems(group).map { .invalid("spec.group", value: group, $0) }
        }
        if object.name != "\(plural).\(group)" {
            causes.append(.invalid("metadata.name", value: object.name, "must be spec.names.plural+\".\"+spec.group"))
        }
        causes += Self.nameProblems(names)
        let scope = spec["scope"]?.stringValue ?? ""
        if scope.isEmpty {
            causes.append(.required("spec.scope"))
        } else if scope != "Namespaced" && scope != "Cluster" {
            causes.append(StatusCause(
                type: "FieldValueNotSupported", message: "Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespaced\"",
                field: "spec.scope"
            ))
        }
        causes += Self.versionProblems(spec["versions"]?.arrayValue ?? [])
        causes += Self.conversionProblems(spec["conversion"])
        return causes
    }

    private static func nameProblems(_ names: JSONValue) -> [StatusCause] {
        var causes: [StatusCause] = []
        for field in ["plural", "kind"] where (names[field]?.stringValue ?? "").isEmpty {
            causes.append(.required("spec.names.\(field)"))
        }
        for field in ["plural", "singular"] {
            guard let value = names[field]?.stringValue, !value.isEmpty else { continue }
            causes += NameValidation.labelProblems(value).map { .invalid("spec.names.\(field)", value: value, $0) }
        }
        for (index, shortName) in (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
            causes += NameValidation.labelProblems(shortName).map { .invalid("spec.names.shortNames[\(index)]", value: shortName, $0) }
        }
        return causes
    }

    private static func versionProblems(_ versions: [JSONValue]) -> [StatusCause] {
        guard !versions.isEmpty else {
            return [StatusCause(type: "FieldValueRequired", message: "Required value: must have exactly one version marked as storage version", field: "spec.versions")]
        }
        var causes: [StatusCause] = []
        if versions.filter({ $0["storage"]?.boolValue == true }).count != 1 {
            causes.append(.invalid("spec.versions", value: "", "must have exactly one version marked as storage version"))
        }
        var seen = Set<String>()
        for (index, version) in versions.enumerated() {
            let path = "spec.versions[\(index)]"
            let name = version["name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append(.required("\(path).name"))
            } else if !seen.insert(name).inserted {
                causes.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(name)\"", field: "\(path).name"))
            } else {
                causes += NameValidation.labelProblems(name).map { .invalid("\(path).name", value: name, $0) }
            }
            guard let schema = version["schema"]?["openAPIV3Schema"] else {
                causes.append(StatusCause(
                    type: "FieldValueRequired", message: "Required value: schemas are required", field: "\(path).schema.openAPIV3Schema"
                ))
                continue
            }
            causes += Self.structuralProblems(schema, path: "\(path).schema.openAPIV3Schema", position: .root, uncorrelatablePath: nil)
        }
        return causes
    }

    /// Where a schema node sits, which decides kube's message for a missing `type`.
    private enum SchemaPosition {
        case root, objectField, arrayItems, mapValues
    }

    /// The structural-schema rules: every node has a `type` (unless it is int-or-string or keeps
    /// unknown fields), the root is an object, CEL rules compile, and nothing asks for what this
    /// server cannot do. `uncorrelatablePath` is the innermost enclosing list whose items have
    /// no identity (so transition rules below it have no old value).
    private static func structuralProblems(
        _ schema: JSONValue, path: String, position: SchemaPosition, uncorrelatablePath: String?
    ) -> [StatusCause] {
        guard case .object = schema else { return [.invalid(path, value: "", "must be an object")] }
        var causes: [StatusCause] = []
        let type = schema["type"]?.stringValue ?? ""
        let isIntOrString = schema["x-kubernetes-int-or-string"]?.boolValue == true
        let preserves = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        if type.isEmpty && !isIntOrString && !(preserves && position != .root) {
            let where_ = switch position {
            case .root: "at the root"
            case .objectField: "for specified object fields"
            case .arrayItems: "for specified array items"
            case .mapValues: "for specified additionalProperties"
            }
            causes.append(StatusCause(type: "FieldValueRequired", message: "Required value: must not be empty \(where_)", field: "\(path).type"))
        } else if position == .root && type != "object" {
            causes.append(.invalid("\(path).type", value: type, "must be object at the root"))
        }
        causes += CustomResourceValidationRule.compilationProblems(schema, path: path, uncorrelatablePath: uncorrelatablePath)
        if schema["$ref"] != nil {
            causes.append(StatusCause(type: "FieldValueForbidden", message: "Forbidden: $ref is not supported", field: "\(path).$ref"))
        }
        for member in schema["properties"]?.objectValue ?? JSONObject() {
            causes += Self.structuralProblems(
                member.value, path: "\(path).properties[\(member.key)]", position: .objectField, uncorrelatablePath: uncorrelatablePath
            )
        }
        if let items = schema["items"] {
            let correlatable = schema["x-kubernetes-list-type"]?.stringValue == "map"
            causes += Self.structuralProblems(
                items, path: "\(path).items", position: .arrayItems, uncorrelatablePath: correlatable ? uncorrelatablePath : path
            )
        }
        if let values = schema["additionalProperties"], case .object = values {
            causes += Self.structuralProblems(
                values, path: "\(path).additionalProperties", position: .mapValues, uncorrelatablePath: uncorrelatablePath
            )
        }
        return causes
    }
}
