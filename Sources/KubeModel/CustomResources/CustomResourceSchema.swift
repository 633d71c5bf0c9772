import Foundation

/// The structural OpenAPI v3 schema of one version of a custom resource (a CRD's
/// `schema.openAPIV3Schema`), applied as kube-apiserver applies it: defaults filled in, fields the
/// schema does not declare pruned, and values checked with the apiextensions validator's messages
/// (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`).
///
/// At the root, and in `x-kubernetes-embedded-resource` objects, `apiVersion`, `kind` and
/// `metadata` are the object's own: always kept, and checked elsewhere (``MetadataValidation``).
public struct CustomResourceSchema: Sendable, Equatable {
    /// The schema as the CRD gives it.
    public let root: JSONValue

    /// The compiled CEL rules (`x-kubernetes-validations`) by schema node (see
    /// ``CustomResourceSchema/ruleProblems(_:old:schemaProblems:)``).
    let rules: [String: [CustomResourceValidationRule]]

    /// Wraps a structural schema (see ``CustomResourceDefinition`` for the structural checks) and
    /// compiles its CEL rules.
    public init(_ root: JSONValue) {
        self.root = root
        var rules: [String: [CustomResourceValidationRule]] = [:]
        Self.compileRules(root, node: "", into: &rules, depth: 0)
        self.rules = rules
    }

    /// Two schemas are equal when the CRD gives the same schema (the rules follow from it).
    public static func == (left: CustomResourceSchema, right: CustomResourceSchema) -> Bool {
        left.root == right.root
    }

    /// Schemas nest deeper than any object should; beyond this, values are left as they are.
    static let maximumDepth = 64

    /// Members every object of a kind has, whatever its schema says.
    private static let objectMembers: Set<String> = ["apiVersion", "kind", "metadata"]

    // MARK: Defaults

    /// Fills in `default` values of properties the object leaves out, at every level.
    public func applyDefaults(to object: inout JSONValue) {
        Self.applyDefaults(to: &object, schema: self.root, depth: 0)
    }

    private static func applyDefaults(to value: inout JSONValue, schema: JSONValue, depth: Int) {
        guard depth < Self.maximumDepth else { return }
        switch value {
        case .object(var object):
            if let properties = schema["properties"]?.objectValue {
                for property in properties {
                    if object[property.key] == nil, let fallback = property.value["default"] {
                        object[property.key] = fallback
                    }
                    if var child = object[property.key] {
                        Self.applyDefaults(to: &child, schema: property.value, depth: depth + 1)
                        object[property.key] = child
                    }
                }
            } else if let valueSchema = schema["additionalProperties"], valueSchema.objectValue != nil {
                for key in object.keys {
                    guard var child = object[key] else { continue }
                    Self.applyDefaults(to: &child, schema: valueSchema, depth: depth + 1)
                    object[key] = child
                }
            }
            value = .object(object)
        case .array(var elements):
            guard let items = schema["items"] else { return }
            for index in elements.indices {
                Self.applyDefaults(to: &elements[index], schema: items, depth: depth + 1)
            }
            value = .array(elements)
        default:
            return
        }
    }

    // MARK: Pruning

    /// The object without the fields the schema does not declare, and the dotted paths of the
    /// fields removed (what `fieldValidation=Strict` refuses and `Warn` reports).
    public func prune(_ object: JSONValue) -> (object: JSONValue, unknownFields: [String]) {
        var unknown: [String] = []
        let pruned = Self.prune(object, schema: self.root, path: "", isResource: true, unknown: &unknown, depth: 0)
        return (pruned, unknown)
    }

    private static func prune(
        _ value: JSONValue, schema: JSONValue, path: String, isResource: Bool, unknown: inout [String], depth: Int
    ) -> JSONValue {
        guard depth < Self.maximumDepth else { return value }
        let preserves = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        switch value {
        case .object(let object):
            let properties = schema["properties"]?.objectValue
            let valueSchema = schema["additionalProperties"].flatMap { $0.objectValue != nil ? $0 : nil }
            let embedded = isResource || schema["x-kubernetes-embedded-resource"]?.boolValue == true
            var kept: [JSONObject.Member] = []
            for member in object {
                let childPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                if embedded && Self.objectMembers.contains(member.key) && properties?[member.key] == nil {
                    kept.append(member)
                    continue
                }
                let childSchema = properties?[member.key] ?? valueSchema
                guard let childSchema else {
                    if preserves || schema["additionalProperties"]?.boolValue == true {
                        kept.append(member)
                    } else {
                        unknown.append(childPath)
                    }
                    continue
                }
                let child = Self.prune(member.value, schema: childSchema, path: childPath, isResource: false, unknown: &unknown, depth: depth + 1)
                kept.append(JSONObject.Member(key: member.key, value: child))
            }
            return .object(JSONObject(uniqueMembers: kept))
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.enumerated().map { index, element in
                Self.prune(element, schema: items, path: "\(path)[\(index)]", isResource: false, unknown: &unknown, depth: depth + 1)
            })
        default:
            return value
        }
    }

    // MARK: Validation

    /// Every way the object breaks the schema, as kube-apiserver's causes (all of them, in
    /// document order).
    public func problems(_ object: JSONValue) -> [StatusCause] {
        var causes: [StatusCause] = []
        Self.validate(object, schema: self.root, path: "", isResource: true, into: &causes, depth: 0)
        return causes
    }

    private static func validate(
        _ value: JSONValue, schema: JSONValue, path: String, isResource: Bool, into causes: inout [StatusCause], depth: Int
    ) {
        guard depth < Self.maximumDepth else { return }
        let type = schema["type"]?.stringValue ?? ""
        if case .null = value {
            if schema["nullable"]?.boolValue == true || type.isEmpty { return }
            causes.append(Self.typeMismatch(path, expected: type, value: value))
            return
        }
        if schema["x-kubernetes-int-or-string"]?.boolValue == true {
            switch value {
            case .integer, .string: break
            default:
                causes.append(Self.typeMismatch(path, expected: "integer,string", value: value))
                return
            }
        } else if !type.isEmpty && !Self.hasType(value, type) {
            causes.append(Self.typeMismatch(path, expected: type, value: value))
            return
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            let supported = allowed.map { String(decoding: $0.serialized(), as: UTF8.self) }.joined(separator: ", ")
            causes.append(StatusCause(
                type: "FieldValueNotSupported",
                message: "Unsupported value: \(Self.shown(value)): supported values: \(supported)", field: path
            ))
        }
        switch value {
        case .string(let text):
            Self.validateString(text, schema: schema, path: path, into: &causes)
        case .integer(let number):
            Self.validateNumber(Double(number), shown: String(number), schema: schema, path: path, into: &causes)
        case .double(let number):
            Self.validateNumber(number, shown: Self.shown(value), schema: schema, path: path, into: &causes)
        case .array(let elements):
            Self.validateArray(elements, schema: schema, path: path, into: &causes, depth: depth)
        case .object(let object):
            Self.validateObject(object, schema: schema, path: path, isResource: isResource, into: &causes, depth: depth)
        default:
            break
        }
    }

    private static func hasType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool),
             ("integer", .integer), ("number", .integer), ("number", .double):
            return true
        case ("integer", .double(let number)):
            return number.rounded() == number
        default:
            return false
        }
    }

    /// A value as kube-apiserver's `Invalid value: …` shows it: strings quoted, the rest as JSON.
    private static func shown(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "\"\(text)\"" }
        return String(decoding: value.serialized(), as: UTF8.self)
    }

    /// How the validator names a field in its own messages: the path, or `body` at the root.
    private static func subject(_ path: String) -> String {
        path.isEmpty ? "body" : "\(path) in body"
    }

    private static func invalid(_ path: String, _ value: String, _ detail: String) -> StatusCause {
        StatusCause(type: "FieldValueInvalid", message: "Invalid value: \(value): \(detail)", field: path)
    }

    private static func typeMismatch(_ path: String, expected: String, value: JSONValue) -> StatusCause {
        Self.invalid(path, "\"\(value.typeName)\"", "\(Self.subject(path)) must be of type \(expected): \"\(value.typeName)\"")
    }

    private static func validateString(_ text: String, schema: JSONValue, path: String, into causes: inout [StatusCause]) {
        let length = Int64(text.count)
        if let maximum = schema["maxLength"]?.integerValue, length > maximum {
            causes.append(StatusCause(type: "FieldValueTooLong", message: "Too long: may not be more than \(maximum) bytes", field: path))
        }
        if let minimum = schema["minLength"]?.integerValue, length < minimum {
            causes.append(Self.invalid(path, "\"\(text)\"", "\(Self.subject(path)) should be at least \(minimum) chars long"))
        }
        if let pattern = schema["pattern"]?.stringValue, !Self.matches(text, pattern) {
            causes.append(Self.invalid(path, "\"\(text)\"", "\(Self.subject(path)) should match '\(pattern)'"))
        }
        if let format = schema["format"]?.stringValue, !CustomResourceFormats.accepts(text, format: format) {
            causes.append(Self.invalid(path, "\"\(text)\"", "\(Self.subject(path)) must be of type \(format): \"\(text)\""))
        }
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return true }
        let range = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }

    private static func validateNumber(
        _ number: Double, shown: String, schema: JSONValue, path: String, into causes: inout [StatusCause]
    ) {
        func bound(_ key: String) -> Double? {
            switch schema[key] {
            case .integer(let value)?: Double(value)
            case .double(let value)?: value
            default: nil
            }
        }
        func text(_ bound: Double) -> String {
            bound.rounded() == bound && abs(bound) < 1e15 ? String(Int64(bound)) : String(bound)
        }
        let subject = Self.subject(path)
        if let minimum = bound("minimum") {
            if schema["exclusiveMinimum"]?.boolValue == true, number <= minimum {
                causes.append(Self.invalid(path, shown, "\(subject) should be greater than \(text(minimum))"))
            } else if number < minimum {
                causes.append(Self.invalid(path, shown, "\(subject) should be greater than or equal to \(text(minimum))"))
            }
        }
        if let maximum = bound("maximum") {
            if schema["exclusiveMaximum"]?.boolValue == true, number >= maximum {
                causes.append(Self.invalid(path, shown, "\(subject) should be less than \(text(maximum))"))
            } else if number > maximum {
                causes.append(Self.invalid(path, shown, "\(subject) should be less than or equal to \(text(maximum))"))
            }
        }
        if let factor = bound("multipleOf"), factor > 0, (number / factor).rounded() != number / factor {
            causes.append(Self.invalid(path, shown, "\(subject) should be a multiple of \(text(factor))"))
        }
    }

    private static func validateArray(
        _ elements: [JSONValue], schema: JSONValue, path: String, into causes: inout [StatusCause], depth: Int
    ) {
        if let maximum = schema["maxItems"]?.integerValue, elements.count > maximum {
            causes.append(StatusCause(
                type: "FieldValueTooMany", message: "Too many: \(elements.count): must have at most \(maximum) items", field: path
            ))
        }
        if let minimum = schema["minItems"]?.integerValue, elements.count < minimum {
            causes.append(Self.invalid(path, Self.shown(.array(elements)), "\(Self.subject(path)) should have at least \(minimum) items"))
        }
        if let items = schema["items"] {
            for (index, element) in elements.enumerated() {
                Self.validate(element, schema: items, path: "\(path)[\(index)]", isResource: false, into: &causes, depth: depth + 1)
            }
        }
        Self.validateListType(elements, schema: schema, path: path, into: &causes)
    }

    /// `x-kubernetes-list-type: set` items are unique; `map` items are unique by their
    /// `x-kubernetes-list-map-keys`.
    private static func validateListType(_ elements: [JSONValue], schema: JSONValue, path: String, into causes: inout [StatusCause]) {
        let identity: (JSONValue) -> JSONValue
        switch schema["x-kubernetes-list-type"]?.stringValue {
        case "set":
            identity = { $0 }
        case "map":
            let keys = (schema["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue)
            identity = { element in .array(keys.map { element[$0] ?? .null }) }
        default:
            return
        }
        var seen: [JSONValue] = []
        for (index, element) in elements.enumerated() {
            let key = identity(element)
            if seen.contains(key) {
                causes.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \(Self.shown(key))", field: "\(path)[\(index)]"))
            } else {
                seen.append(key)
            }
        }
    }

    private static func validateObject(
        _ object: JSONObject, schema: JSONValue, path: String, isResource: Bool, into causes: inout [StatusCause], depth: Int
    ) {
        let embedded = isResource || schema["x-kubernetes-embedded-resource"]?.boolValue == true
        if embedded && !isResource {
            for member in ["apiVersion", "kind"] where (object[member]?.stringValue ?? "").isEmpty {
                causes.append(.required(path.isEmpty ? member : "\(path).\(member)"))
            }
        }
        for required in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where object[required] == nil {
            causes.append(.required(path.isEmpty ? required : "\(path).\(required)"))
        }
        if let maximum = schema["maxProperties"]?.integerValue, object.count > maximum {
            causes.append(StatusCause(
                type: "FieldValueTooMany", message: "Too many: \(object.count): must have at most \(maximum) items", field: path
            ))
        }
        if let minimum = schema["minProperties"]?.integerValue, object.count < minimum {
            causes.append(Self.invalid(path, "\"\"", "\(Self.subject(path)) should have at least \(minimum) properties"))
        }
        let properties = schema["properties"]?.objectValue
        let valueSchema = schema["additionalProperties"].flatMap { $0.objectValue != nil ? $0 : nil }
        for member in object {
            if embedded && Self.objectMembers.contains(member.key) && properties?[member.key] == nil { continue }
            guard let childSchema = properties?[member.key] ?? valueSchema else { continue }
            let childPath = path.isEmpty ? member.key : "\(path).\(member.key)"
            Self.validate(member.value, schema: childSchema, path: childPath, isResource: false, into: &causes, depth: depth + 1)
        }
    }
}
