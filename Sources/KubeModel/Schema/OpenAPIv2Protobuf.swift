/// Encodes an OpenAPI v2 document in the protobuf form of gnostic's `openapi_v2.Document`, which
/// kubectl asks for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`) to build
/// strategic merge patches. Field numbers are those of gnostic's `OpenAPIv2.proto`.
///
/// Only what a schema document needs is encoded: `swagger`, `info` and `definitions`, and in each
/// schema every keyword kube-apiserver's documents use. Vendor extensions (`x-kubernetes-…`) carry
/// their value as YAML text, for which JSON text serves.
public enum OpenAPIv2Protobuf {
    /// The media type kubectl requests.
    public static let contentType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"

    /// Encodes a document with `swagger`, `info` and `definitions` members.
    public static func encode(_ document: JSONValue) -> [UInt8] {
        var writer = Writer()
        if let swagger = document["swagger"]?.stringValue { writer.string(1, swagger) }
        if let info = document["info"] {
            writer.message(2) { writer in
                if let title = info["title"]?.stringValue { writer.string(1, title) }
                if let version = info["version"]?.stringValue { writer.string(2, version) }
            }
        }
        if let definitions = document["definitions"]?.objectValue {
            writer.message(9) { writer in
                for member in definitions {
                    writer.namedSchema(1, member.key, member.value)
                }
            }
        }
        return writer.bytes
    }

    /// A minimal protobuf writer: varints and length-delimited fields.
    private struct Writer {
        var bytes: [UInt8] = []

        mutating func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                self.bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            self.bytes.append(UInt8(value))
        }

        mutating func tag(_ field: Int, _ wireType: UInt64) {
            self.varint(UInt64(field) << 3 | wireType)
        }

        mutating func string(_ field: Int, _ value: String) {
            self.tag(field, 2)
            self.varint(UInt64(value.utf8.count))
            self.bytes.append(contentsOf: value.utf8)
        }

        mutating func bool(_ field: Int, _ value: Bool) {
            self.tag(field, 0)
            self.varint(value ? 1 : 0)
        }

        mutating func int64(_ field: Int, _ value: Int64) {
            self.tag(field, 0)
            self.varint(UInt64(bitPattern: value))
        }

        mutating func double(_ field: Int, _ value: Double) {
            self.tag(field, 1)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { self.bytes.append(contentsOf: $0) }
        }

        mutating func message(_ field: Int, _ body: (inout Writer) -> Void) {
            var nested = Writer()
            body(&nested)
            self.tag(field, 2)
            self.varint(UInt64(nested.bytes.count))
            self.bytes.append(contentsOf: nested.bytes)
        }

        /// `Any { yaml = 2 }` holding a JSON value's text.
        mutating func any(_ field: Int, _ value: JSONValue) {
            self.message(field) { $0.string(2, value.jsonText) }
        }

        mutating func namedSchema(_ field: Int, _ name: String, _ schema: JSONValue) {
            self.message(field) { named in
                named.string(1, name)
                named.message(2) { $0.schema(schema) }
            }
        }

        /// The fields of `openapi_v2.Schema`.
        mutating func schema(_ schema: JSONValue) {
            guard let object = schema.objectValue else { return }
            for member in object {
                let value = member.value
                switch member.key {
                case "$ref": if let text = value.stringValue { self.string(1, text) }
                case "format": if let text = value.stringValue { self.string(2, text) }
                case "title": if let text = value.stringValue { self.string(3, text) }
                case "description": if let text = value.stringValue { self.string(4, text) }
                case "default": self.any(5, value)
                case "multipleOf": if let number = Self.number(value) { self.double(6, number) }
                case "maximum": if let number = Self.number(value) { self.double(7, number) }
                case "exclusiveMaximum": if let flag = value.boolValue { self.bool(8, flag) }
                case "minimum": if let number = Self.number(value) { self.double(9, number) }
                case "exclusiveMinimum": if let flag = value.boolValue { self.bool(10, flag) }
                case "maxLength": if let number = value.integerValue { self.int64(11, number) }
                case "minLength": if let number = value.integerValue { self.int64(12, number) }
                case "pattern": if let text = value.stringValue { self.string(13, text) }
                case "maxItems": if let number = value.integerValue { self.int64(14, number) }
                case "minItems": if let number = value.integerValue { self.int64(15, number) }
                case "uniqueItems": if let flag = value.boolValue { self.bool(16, flag) }
                case "maxProperties": if let number = value.integerValue { self.int64(17, number) }
                case "minProperties": if let number = value.integerValue { self.int64(18, number) }
                case "required":
                    for name in value.arrayValue ?? [] { if let text = name.stringValue { self.string(19, text) } }
                case "enum":
                    for option in value.arrayValue ?? [] { self.any(20, option) }
                case "additionalProperties":
                    self.message(21) { item in
                        if let flag = value.boolValue {
                            item.bool(2, flag)
                        } else {
                            item.message(1) { $0.schema(value) }
                        }
                    }
                case "type":
                    let types = value.arrayValue ?? [value]
                    self.message(22) { item in
                        for type in types { if let text = type.stringValue { item.string(1, text) } }
                    }
                case "items":
                    let schemas = value.arrayValue ?? [value]
                    self.message(23) { item in
                        for element in schemas { item.message(1) { $0.schema(element) } }
                    }
                case "allOf":
                    for element in value.arrayValue ?? [] { self.message(24) { $0.schema(element) } }
                case "properties":
                    self.message(25) { properties in
                        for property in value.objectValue ?? JSONObject() {
                            properties.namedSchema(1, property.key, property.value)
                        }
                    }
                case "readOnly": if let flag = value.boolValue { self.bool(27, flag) }
                case "example": self.any(30, value)
                case let key where key.hasPrefix("x-"):
                    self.message(31) { named in
                        named.string(1, key)
                        named.any(2, value)
                    }
                default:
                    continue
                }
            }
        }

        private static func number(_ value: JSONValue) -> Double? {
            switch value {
            case .integer(let number): Double(number)
            case .double(let number): number
            default: nil
            }
        }
    }
}
