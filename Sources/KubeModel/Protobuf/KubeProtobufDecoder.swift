import Foundation

/// Turns protobuf messages into the JSON that Go's `encoding/json` writes for the Go objects gogo
/// protobuf would decode them into, so a body reads the same whether kubectl sent it as protobuf or
/// as JSON.
///
/// Go's rules, applied from the Go struct facts in ``KubeProtobufSchema``: a field absent from the
/// wire holds Go's zero value; a pointer, slice or map field absent from the wire is `nil`, written
/// as `null` or left out under `omitempty`; `omitempty` leaves out `""`, `0`, `false` and empty
/// slices and maps but never a struct or a non-nil pointer; inline structs write their members into
/// the parent; map keys are sorted; `[]byte` is base64.
///
/// Unknown fields are skipped, as gogo skips them. A singular field that occurs more than once keeps
/// its last occurrence (gogo would merge repeated messages; no Kubernetes client writes them).
struct KubeProtobufDecoder {
    private static let envelope = KubeProtobufSchema.envelope
    private static let typeMeta = KubeProtobufSchema.envelopeTypeMeta

    let schema: KubeProtobufSchema
    let bytes: [UInt8]

    /// Decodes a whole object: the magic, the `runtime.Unknown` envelope, then the message its
    /// `apiVersion` and `kind` name, written after `kind` and `apiVersion` as Go's `TypeMeta` is.
    func object(in range: Range<Int>, depth: Int) throws(KubeProtobufError) -> JSONValue {
        guard range.count >= 4, self.bytes[range.prefix(4)].elementsEqual(KubeProtobuf.magic) else { throw .notProtobuf }
        try KubeProtobuf.checkDepth(depth)
        var typeMeta = [Int: [ProtobufWireField.Value]]()
        var raw = try self.range(nil, field: 2, in: Self.envelope)
        var contentEncoding = ""
        var contentType = ""
        var reader = ProtobufWireReader(bytes: self.bytes, range: range.dropFirst(4), message: Self.envelope)
        while let field = try reader.next() {
            switch field.number {
            case 1: typeMeta = try self.wireFields(Self.typeMeta, in: self.range(field, in: Self.envelope))
            case 2: raw = try self.range(field, in: Self.envelope)
            case 3: contentEncoding = try self.string(field.value, field: 3, in: Self.envelope)
            case 4: contentType = try self.string(field.value, field: 4, in: Self.envelope)
            default: continue
            }
        }
        guard contentEncoding.isEmpty else {
            throw .unsupportedEnvelope("content encoding \"\(contentEncoding)\"")
        }
        guard contentType.isEmpty || contentType == KubeProtobuf.contentType else {
            throw .unsupportedEnvelope("content type \"\(contentType)\"")
        }
        let apiVersion = try self.string(typeMeta[1]?.last, field: 1, in: Self.typeMeta)
        let kind = try self.string(typeMeta[2]?.last, field: 2, in: Self.typeMeta)
        guard let message = self.schema.kind(apiVersion: apiVersion, kind: kind) else {
            throw .unknownKind(apiVersion: apiVersion, kind: kind)
        }
        var members = [JSONObject.Member(key: "kind", value: .string(kind))]
        if !apiVersion.isEmpty {
            members.append(JSONObject.Member(key: "apiVersion", value: .string(apiVersion)))
        }
        try self.appendFields(of: message, in: raw, depth: depth + 1, to: &members)
        return .object(JSONObject(uniqueMembers: members))
    }

    /// The JSON of one message.
    func value(of message: KubeProtobufMessage, in range: Range<Int>, depth: Int) throws(KubeProtobufError)
        -> JSONValue
    {
        try KubeProtobuf.checkDepth(depth)
        if let custom = message.customJSON {
            return try self.customValue(custom, of: message, in: range, depth: depth)
        }
        var members: [JSONObject.Member] = []
        try self.appendFields(of: message, in: range, depth: depth, to: &members)
        if message.isList {
            return members.first?.value ?? .null
        }
        return .object(JSONObject(uniqueMembers: members))
    }

    /// Appends the members of `message` in Go declaration order, inline structs' members in place.
    private func appendFields(
        of message: KubeProtobufMessage,
        in range: Range<Int>,
        depth: Int,
        to members: inout [JSONObject.Member]
    ) throws(KubeProtobufError) {
        let wire = try self.wireFields(message.name, in: range)
        for field in message.fields {
            let occurrences = wire[field.number] ?? []
            if field.isInline, case .message(let name) = field.type {
                let target = try self.schema.message(named: name, field: field.number, in: message.name)
                let inner = try self.range(occurrences.last, field: field.number, in: message.name)
                try self.appendFields(of: target, in: inner, depth: depth + 1, to: &members)
            } else if let value = try self.value(of: field, occurrences, in: message, depth: depth) {
                members.append(JSONObject.Member(key: field.jsonName, value: value))
            }
        }
    }

    /// The JSON of one field, or `nil` where Go leaves it out.
    private func value(
        of field: KubeProtobufField,
        _ occurrences: [ProtobufWireField.Value],
        in message: KubeProtobufMessage,
        depth: Int
    ) throws(KubeProtobufError) -> JSONValue? {
        // `.none`, not `nil`: JSONValue is ExpressibleByNilLiteral, so `nil` could mean `.null`.
        let absent: JSONValue? = field.omitsEmpty ? .none : .some(.null)
        switch field.type {
        case .map(let key, let value):
            if occurrences.isEmpty { return absent }
            return try self.mapValue(
                key: key, value: value, occurrences, field: field.number, in: message, depth: depth)
        case let type where field.isRepeated:
            var elements: [JSONValue] = []
            for occurrence in occurrences {
                elements += try self.elements(type, occurrence, field: field.number, in: message, depth: depth)
            }
            return elements.isEmpty ? absent : .array(elements)
        case .message(let name):
            if occurrences.isEmpty && field.isPointer { return absent }
            let target = try self.schema.message(named: name, field: field.number, in: message.name)
            let value = try self.value(
                of: target,
                in: try self.range(occurrences.last, field: field.number, in: message.name),
                depth: depth + 1
            )
            return target.isList && value == .null ? absent : value
        case .scalar(.bytes):
            guard let last = occurrences.last else { return absent }
            let value = try self.scalarValue(.bytes, last, field: field.number, in: message.name)
            return field.omitsEmpty && value == "" ? .none : value
        case .scalar(let scalar):
            guard let last = occurrences.last else {
                return field.isPointer || field.omitsEmpty ? absent : Self.zeroValue(scalar)
            }
            let value = try self.scalarValue(scalar, last, field: field.number, in: message.name)
            return field.omitsEmpty && !field.isPointer && value == Self.zeroValue(scalar) ? .none : value
        }
    }

    /// The elements one occurrence of a repeated field holds: one, or several for packed numbers.
    private func elements(
        _ type: KubeProtobufFieldType,
        _ occurrence: ProtobufWireField.Value,
        field: Int,
        in message: KubeProtobufMessage,
        depth: Int
    ) throws(KubeProtobufError) -> [JSONValue] {
        switch (type, occurrence) {
        case (.message(let name), _):
            let target = try self.schema.message(named: name, field: field, in: message.name)
            return [
                try self.value(of: target, in: self.range(occurrence, field: field, in: message.name), depth: depth + 1)
            ]
        case (.scalar(let scalar), .lengthDelimited(let range)) where scalar != .string && scalar != .bytes:
            var reader = ProtobufWireReader(bytes: self.bytes, range: range, message: message.name)
            var values: [JSONValue] = []
            while !reader.isAtEnd {
                let value: ProtobufWireField.Value
                switch scalar {
                case .fixed32, .sfixed32, .float: value = .fixed32(UInt32(try reader.littleEndian(4)))
                case .fixed64, .sfixed64, .double: value = .fixed64(try reader.littleEndian(8))
                default: value = .varint(try reader.varint())
                }
                values.append(try self.scalarValue(scalar, value, field: field, in: message.name))
            }
            return values
        case (.scalar(let scalar), _):
            return [try self.scalarValue(scalar, occurrence, field: field, in: message.name)]
        case (.map, _):
            throw .malformed(message: message.name, field: field, reason: "repeated map")
        }
    }

    /// A map as a JSON object with its keys sorted, as Go writes maps.
    private func mapValue(
        key keyType: KubeProtobufScalar,
        value valueType: KubeProtobufFieldType,
        _ occurrences: [ProtobufWireField.Value],
        field: Int,
        in message: KubeProtobufMessage,
        depth: Int
    ) throws(KubeProtobufError) -> JSONValue {
        let entryName = "\(message.name) map entry"
        var entries: [String: JSONValue] = [:]
        for occurrence in occurrences {
            let entry = try self.wireFields(entryName, in: self.range(occurrence, field: field, in: message.name))
            let key =
                try entry[1]?.last.map { value throws(KubeProtobufError) in
                    try self.scalarValue(keyType, value, field: 1, in: entryName)
                } ?? Self.zeroValue(keyType)
            let value: JSONValue
            switch valueType {
            case .scalar(let scalar):
                value =
                    try entry[2]?.last.map { value throws(KubeProtobufError) in
                        try self.scalarValue(scalar, value, field: 2, in: entryName)
                    } ?? (scalar == .bytes ? "" : Self.zeroValue(scalar))
            case .message(let name):
                let target = try self.schema.message(named: name, field: field, in: message.name)
                value = try self.value(
                    of: target, in: self.range(entry[2]?.last, field: 2, in: entryName), depth: depth + 1)
            case .map:
                throw .malformed(message: message.name, field: field, reason: "map of maps")
            }
            switch key {
            case .string(let text): entries[text] = value
            case .integer(let number): entries[String(number)] = value
            default: throw .malformed(message: message.name, field: field, reason: "map key of type \(keyType)")
            }
        }
        let members = entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { JSONObject.Member(key: $0.key, value: $0.value) }
        return .object(JSONObject(uniqueMembers: members))
    }

    /// A scalar's JSON. Numbers that JSON writes without a fraction become integers, as
    /// ``JSONParser`` reads Go's output.
    func scalarValue(
        _ scalar: KubeProtobufScalar,
        _ value: ProtobufWireField.Value,
        field: Int,
        in message: String
    ) throws(KubeProtobufError) -> JSONValue {
        switch (scalar, value) {
        case (.string, .lengthDelimited(let range)):
            return .string(String(decoding: self.bytes[range], as: UTF8.self))
        case (.bytes, .lengthDelimited(let range)):
            return .string(Data(self.bytes[range]).base64EncodedString())
        case (.bool, .varint(let number)):
            return .bool(number != 0)
        case (.int32, .varint(let number)):
            return .integer(Int64(Int32(truncatingIfNeeded: number)))
        case (.int64, .varint(let number)), (.sfixed64, .fixed64(let number)):
            return .integer(Int64(bitPattern: number))
        case (.uint32, .varint(let number)):
            return .integer(Int64(UInt32(truncatingIfNeeded: number)))
        case (.uint64, .varint(let number)), (.fixed64, .fixed64(let number)):
            return Int64(exactly: number).map(JSONValue.integer) ?? .double(Double(number))
        case (.sint32, .varint(let number)):
            let bits = UInt32(truncatingIfNeeded: number)
            return .integer(Int64(Int32(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))))
        case (.sint64, .varint(let number)):
            return .integer(Int64(bitPattern: (number >> 1) ^ (0 &- (number & 1))))
        case (.fixed32, .fixed32(let number)):
            return .integer(Int64(number))
        case (.sfixed32, .fixed32(let number)):
            return .integer(Int64(Int32(bitPattern: number)))
        case (.float, .fixed32(let bits)):
            return try Self.number(Double(Float(bitPattern: bits)), field: field, in: message)
        case (.double, .fixed64(let bits)):
            return try Self.number(Double(bitPattern: bits), field: field, in: message)
        default:
            throw .malformed(message: message, field: field, reason: "wrong wire type for \(scalar)")
        }
    }

    private static func number(_ number: Double, field: Int, in message: String) throws(KubeProtobufError)
        -> JSONValue
    {
        guard number.isFinite else {
            throw .malformed(message: message, field: field, reason: "\(number) has no JSON form")
        }
        return Int64(exactly: number).map(JSONValue.integer) ?? .double(number)
    }

    private static func zeroValue(_ scalar: KubeProtobufScalar) -> JSONValue {
        switch scalar {
        case .string, .bytes: return ""
        case .bool: return false
        default: return 0
        }
    }

    /// Every field of a message by number, in wire order; unknown fields are kept and ignored.
    func wireFields(_ message: String, in range: Range<Int>) throws(KubeProtobufError)
        -> [Int: [ProtobufWireField.Value]]
    {
        var reader = ProtobufWireReader(bytes: self.bytes, range: range, message: message)
        var fields: [Int: [ProtobufWireField.Value]] = [:]
        while let field = try reader.next() {
            fields[field.number, default: []].append(field.value)
        }
        return fields
    }

    private func range(_ field: ProtobufWireField, in message: String) throws(KubeProtobufError) -> Range<Int> {
        try self.range(field.value, field: field.number, in: message)
    }

    /// The bytes of a length-delimited value; an absent value is an empty message.
    func range(_ value: ProtobufWireField.Value?, field: Int, in message: String) throws(KubeProtobufError)
        -> Range<Int>
    {
        switch value {
        case .lengthDelimited(let range): return range
        case nil: return self.bytes.endIndex..<self.bytes.endIndex
        default: throw .malformed(message: message, field: field, reason: "wrong wire type for a message")
        }
    }

    /// A string field's value; an absent field is `""`.
    func string(_ value: ProtobufWireField.Value?, field: Int, in message: String) throws(KubeProtobufError)
        -> String
    {
        guard let value else { return "" }
        return try self.scalarValue(.string, value, field: field, in: message).stringValue ?? ""
    }
}
