extension KubeProtobufDecoder {
    /// The JSON of a message whose Go type writes its own (``KubeProtobufCustomJSON``).
    func customValue(
        _ custom: KubeProtobufCustomJSON,
        of message: KubeProtobufMessage,
        in range: Range<Int>,
        depth: Int
    ) throws(KubeProtobufError) -> JSONValue {
        let wire = try self.wireFields(message.name, in: range)
        switch custom {
        case .time, .microTime:
            // metav1.Time's Unmarshal: no bytes is the zero time (JSON null), else Unix seconds and nanos.
            guard !range.isEmpty else { return .null }
            let seconds = try self.integer(wire[1]?.last, .int64, field: 1, in: message.name)
            let nanoseconds = try self.integer(wire[2]?.last, .int32, field: 2, in: message.name)
            return KubeProtobufTimestamp(seconds: seconds, nanoseconds: nanoseconds).json(
                fractionDigits: custom == .time ? 0 : 6)
        case .quantity:
            guard let last = wire[1]?.last else { return "0" }
            let text = try self.string(last, field: 1, in: message.name)
            guard !text.isEmpty else {
                throw .malformed(message: message.name, field: 1, reason: "empty quantity")
            }
            return .string(text)
        case .intOrString:
            switch try self.integer(wire[1]?.last, .int64, field: 1, in: message.name) {
            case 0: return .integer(try self.integer(wire[2]?.last, .int32, field: 2, in: message.name))
            case 1: return .string(try self.string(wire[3]?.last, field: 3, in: message.name))
            case let type:
                throw .malformed(message: message.name, field: 1, reason: "impossible IntOrString type \(type)")
            }
        case .rawJSON:
            let raw = try self.range(wire[1]?.last, field: 1, in: message.name)
            if raw.isEmpty { return .null }
            if self.bytes[raw].starts(with: KubeProtobuf.magic) {
                return try self.object(in: raw, depth: depth + 1)
            }
            do {
                return try JSONParser.parse(self.bytes[raw])
            } catch {
                throw .malformed(message: message.name, field: 1, reason: "invalid JSON: \(error.message)")
            }
        }
    }

    /// An integer field's value; an absent field is 0.
    private func integer(
        _ value: ProtobufWireField.Value?,
        _ scalar: KubeProtobufScalar,
        field: Int,
        in message: String
    ) throws(KubeProtobufError) -> Int64 {
        guard let value else { return 0 }
        return try self.scalarValue(scalar, value, field: field, in: message).integerValue ?? 0
    }
}
