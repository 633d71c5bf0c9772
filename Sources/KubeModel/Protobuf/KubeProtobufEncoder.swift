import Foundation

/// Turns JSON objects into the protobuf messages gogo protobuf writes for the Go objects that Go's
/// `encoding/json` reads them into: the inverse of ``KubeProtobufDecoder``.
///
/// The rules of Kubernetes' generated marshallers: fields go out by field number; a field that is
/// not a Go pointer, slice, map or `[]byte` is always written, as its Go zero value (`""`, `0`,
/// `false`, an empty message) when the JSON lacks it or holds `null`; a pointer or `[]byte` is
/// written when the JSON holds a value; every element of a slice is written, numbers unpacked; map
/// entries go out sorted by key, each with its key and value. JSON members the schema does not
/// know are dropped, as Go's JSON decoder drops them.
struct KubeProtobufEncoder {
    let schema: KubeProtobufSchema

    /// A whole object: the magic, then the `runtime.Unknown` envelope with its `apiVersion` and
    /// `kind` and, as `raw`, the message they name; content encoding and type are empty.
    func object(_ object: JSONValue, depth: Int) throws(KubeProtobufError) -> [UInt8] {
        try KubeProtobuf.checkDepth(depth)
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        guard let message = self.schema.kind(apiVersion: apiVersion, kind: kind) else {
            throw .unknownKind(apiVersion: apiVersion, kind: kind)
        }
        var typeMeta = ProtobufWireWriter()
        typeMeta.lengthDelimited(1, apiVersion.utf8)
        typeMeta.lengthDelimited(2, kind.utf8)
        var envelope = ProtobufWireWriter()
        envelope.lengthDelimited(1, typeMeta.bytes)
        envelope.lengthDelimited(2, try self.message(message, object, depth: depth + 1))
        envelope.lengthDelimited(3, [UInt8]())
        envelope.lengthDelimited(4, [UInt8]())
        return KubeProtobuf.magic + envelope.bytes
    }

    /// The bytes of one message from its JSON (`null` or a missing member is the Go zero value).
    func message(_ message: KubeProtobufMessage, _ value: JSONValue, depth: Int) throws(KubeProtobufError)
        -> [UInt8]
    {
        try KubeProtobuf.checkDepth(depth)
        if let custom = message.customJSON {
            return try self.customMessage(custom, of: message, value)
        }
        var members = value
        if message.isList {
            members = .object(JSONObject([("items", value)]))
        }
        var writer = ProtobufWireWriter()
        for field in message.fieldsInWireOrder {
            let member: JSONValue = field.isInline ? members : (members[field.jsonName] ?? .null)
            try self.write(field, member, in: message, depth: depth, to: &writer)
        }
        return writer.bytes
    }

    /// Writes one field from its JSON member, or nothing where Go's marshaller writes nothing.
    private func write(
        _ field: KubeProtobufField,
        _ member: JSONValue,
        in message: KubeProtobufMessage,
        depth: Int,
        to writer: inout ProtobufWireWriter
    ) throws(KubeProtobufError) {
        switch field.type {
        case .map(let key, let value):
            guard case .object(let entries) = member else { return }
            let sorted = entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for entry in sorted {
                var entryWriter = ProtobufWireWriter()
                try self.writeSingle(.scalar(key), .string(entry.key), number: 1, in: message, depth: depth, to: &entryWriter)
                if case .scalar(.bytes) = value, entry.value.isNull {
                    // A nil []byte value has no field 2.
                } else {
                    try self.writeSingle(value, entry.value, number: 2, in: message, depth: depth, to: &entryWriter)
                }
                writer.lengthDelimited(field.number, entryWriter.bytes)
            }
        case let type where field.isRepeated:
            guard case .array(let elements) = member else { return }
            for element in elements {
                try self.writeSingle(type, element, number: field.number, in: message, depth: depth, to: &writer)
            }
        case .scalar(.bytes):
            guard !member.isNull else { return }
            try self.writeSingle(field.type, member, number: field.number, in: message, depth: depth, to: &writer)
        default:
            if field.isPointer && member.isNull { return }
            try self.writeSingle(field.type, member, number: field.number, in: message, depth: depth, to: &writer)
        }
    }

    /// Writes one value of `type` as field `number`.
    private func writeSingle(
        _ type: KubeProtobufFieldType,
        _ value: JSONValue,
        number: Int,
        in message: KubeProtobufMessage,
        depth: Int,
        to writer: inout ProtobufWireWriter
    ) throws(KubeProtobufError) {
        switch type {
        case .message(let name):
            let target = try self.schema.message(named: name, field: number, in: message.name)
            writer.lengthDelimited(number, try self.message(target, value, depth: depth + 1))
        case .scalar(let scalar):
            try Self.writeScalar(scalar, value, number: number, in: message.name, to: &writer)
        case .map:
            throw .malformed(message: message.name, field: number, reason: "map inside a map or list")
        }
    }

    /// Writes a scalar from its JSON; `null` is the zero value.
    private static func writeScalar(
        _ scalar: KubeProtobufScalar,
        _ value: JSONValue,
        number: Int,
        in message: String,
        to writer: inout ProtobufWireWriter
    ) throws(KubeProtobufError) {
        func mismatch() -> KubeProtobufError {
            .malformed(message: message, field: number, reason: "JSON \(value.typeName) does not fit \(scalar)")
        }
        switch scalar {
        case .string:
            guard let text = value.isNull ? "" : value.stringValue else { throw mismatch() }
            writer.lengthDelimited(number, text.utf8)
        case .bytes:
            let text = value.isNull ? "" : value.stringValue
            guard let text, let data = Data(base64Encoded: text) else { throw mismatch() }
            writer.lengthDelimited(number, data)
        case .bool:
            guard let flag = value.isNull ? false : value.boolValue else { throw mismatch() }
            writer.varint(number, flag ? 1 : 0)
        case .float, .double:
            guard let real = Self.real(value) else { throw mismatch() }
            if scalar == .float {
                writer.fixed(number, UInt64(Float(real).bitPattern), width: 4)
            } else {
                writer.fixed(number, real.bitPattern, width: 8)
            }
        case .uint32, .uint64, .fixed32, .fixed64:
            guard let natural = Self.natural(value) else { throw mismatch() }
            if scalar == .fixed32 || scalar == .fixed64 {
                writer.fixed(number, natural, width: scalar == .fixed32 ? 4 : 8)
            } else {
                writer.varint(number, natural)
            }
        case .int32, .int64, .sint32, .sint64, .sfixed32, .sfixed64:
            guard let integer = value.isNull ? 0 : value.integerValue else { throw mismatch() }
            switch scalar {
            case .sint32:
                let small = Int32(truncatingIfNeeded: integer)
                writer.varint(number, UInt64(UInt32(bitPattern: (small << 1) ^ (small >> 31))))
            case .sint64:
                writer.varint(number, UInt64(bitPattern: (integer << 1) ^ (integer >> 63)))
            case .sfixed32:
                writer.fixed(number, UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: integer))), width: 4)
            case .sfixed64:
                writer.fixed(number, UInt64(bitPattern: integer), width: 8)
            default:
                // Go converts int32 to uint64 with sign extension: a negative int32 takes ten bytes.
                writer.varint(number, UInt64(bitPattern: integer))
            }
        }
    }

    /// A JSON number (or `null`, 0) as a double.
    private static func real(_ value: JSONValue) -> Double? {
        switch value {
        case .null: return 0
        case .integer(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// A JSON number (or `null`, 0) as an unsigned integer; large ones arrive as doubles.
    private static func natural(_ value: JSONValue) -> UInt64? {
        switch value {
        case .null: return 0
        case .integer(let number): return UInt64(exactly: number)
        case .double(let number): return UInt64(exactly: number)
        default: return nil
        }
    }
}
