import Foundation

/// Checks that every value of a built-in object has the JSON type its OpenAPI schema declares, as
/// kube-apiserver's decoding into Go structs does, and words the first mismatch as Go's decoder
/// does (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type
/// int32`). Fields the schema does not declare are the pruner's business and are skipped here.
public enum SchemaTypeChecker {
    /// The first mismatch in `object`, worded as Go's decoder words it, or `nil`.
    public static func firstMismatch(in object: JSONValue, kind: GroupVersionKind) -> String? {
        guard let name = BuiltinSchemas.namesByKind[kind], let schema = BuiltinSchemas.definitionsByName[name] else {
            return nil
        }
        return self.check(object, schema: schema, structName: { kind.kind }, path: "", depth: 0)
    }

    private static let maximumDepth = 64

    /// Checks `value`; `structName` and `goType` are only worked out when there is a mismatch to
    /// word, as almost every value matches.
    private static func check(_ value: JSONValue, schema: JSONValue, structName: () -> String, path: String, depth: Int)
        -> String?
    {
        guard depth < Self.maximumDepth, value != .null else { return nil }
        let reference = schema["$ref"]?.stringValue
        let resolved = BuiltinSchemas.resolve(schema) ?? schema
        func mismatch() -> String {
            let goType = self.goType(resolved, reference: reference.map(Self.definitionName))
            return "json: cannot unmarshal \(Self.valueDescription(value, into: resolved)) into Go struct field \(structName()).\(path) of type \(goType)"
        }
        switch (reference, value) {
        case (Self.quantity, .string), (Self.quantity, .integer), (Self.quantity, .double), (Self.intOrString, .string),
            (Self.intOrString, .integer):
            return nil
        case (Self.quantity, _), (Self.intOrString, _):
            return mismatch()
        default:
            break
        }
        guard let type = resolved["type"]?.stringValue else { return nil }
        switch (type, value) {
        case ("string", .string(let text)):
            if resolved["format"]?.stringValue == "byte", Data(base64Encoded: text) == nil {
                return "illegal base64 data at input byte \(Self.firstBadBase64Offset(text))"
            }
            return nil
        case ("integer", .integer), ("number", .integer), ("number", .double), ("boolean", .bool):
            return nil
        case ("array", .array(let elements)):
            guard let items = resolved["items"] else { return nil }
            for element in elements {
                if let error = self.check(element, schema: items, structName: structName, path: path, depth: depth + 1) {
                    return error
                }
            }
            return nil
        case ("object", .object(let members)):
            let childStruct = { reference.map { Self.shortTypeName(Self.definitionName($0)) } ?? structName() }
            let properties = resolved["properties"]
            for member in members {
                // Go names struct fields in the path, not map keys.
                let field = properties?[member.key]
                let childPath = field == nil ? path : (path.isEmpty ? member.key : "\(path).\(member.key)")
                guard let childSchema = field ?? resolved["additionalProperties"], case .object = childSchema else { continue }
                if let error = self.check(member.value, schema: childSchema, structName: childStruct, path: childPath, depth: depth + 1) {
                    return error
                }
            }
            return nil
        default:
            return mismatch()
        }
    }

    private static let quantity = "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"
    private static let intOrString = "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString"

    /// `#/definitions/io.k8s.api.core.v1.Pod` → `io.k8s.api.core.v1.Pod`.
    private static func definitionName(_ reference: String) -> String {
        String(reference.split(separator: "/").last ?? "")
    }

    /// How Go names a JSON value it could not store: `string`, `number`, `number 1.5` (a fraction
    /// for an integer field), `bool`, `array`, `object`.
    private static func valueDescription(_ value: JSONValue, into schema: JSONValue) -> String {
        switch value {
        case .string: return "string"
        case .integer: return "number"
        case .double(let number): return schema["type"]?.stringValue == "integer" ? "number \(JSONValue.double(number).jsonText)" : "number"
        case .bool: return "bool"
        case .array: return "array"
        case .object: return "object"
        case .null: return "null"
        }
    }

    /// The Go type of a schema, as Go's decoder names it in errors (`int32`, `[]v1.Container`,
    /// `map[string]string`, `v1.PodSpec`).
    private static func goType(_ schema: JSONValue, reference: String?) -> String {
        if let reference {
            let parts = reference.split(separator: ".")
            let package = parts.count >= 2 ? parts[parts.count - 2] : ""
            return "\(package).\(Self.shortTypeName(reference))"
        }
        switch (schema["type"]?.stringValue, schema["format"]?.stringValue) {
        case ("integer", let format?): return format
        case ("integer", nil): return "int64"
        case ("number", _): return "float64"
        case ("boolean", _): return "bool"
        case ("string", "byte"): return "[]uint8"
        case ("array", _):
            let items = schema["items"]
            let itemReference = items?["$ref"]?.stringValue.map(Self.definitionName)
            return "[]" + self.goType(BuiltinSchemas.resolve(items) ?? [:], reference: itemReference)
        case ("object", _):
            guard let values = schema["additionalProperties"] else { return "map[string]interface {}" }
            let valueReference = values["$ref"]?.stringValue.map(Self.definitionName)
            return "map[string]" + self.goType(BuiltinSchemas.resolve(values) ?? [:], reference: valueReference)
        default: return "string"
        }
    }

    /// `io.k8s.api.apps.v1.DeploymentSpec` → `DeploymentSpec`.
    private static func shortTypeName(_ definitionName: String) -> String {
        String(definitionName.split(separator: ".").last ?? "")
    }

    /// Where Go's base64 decoder stops: the first byte outside the standard alphabet, or the
    /// length when only the padding is wrong.
    private static func firstBadBase64Offset(_ text: String) -> Int {
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), 0x0A, 0x0D:
                continue
            default:
                return offset
            }
        }
        return text.utf8.count - text.utf8.count % 4
    }
}
