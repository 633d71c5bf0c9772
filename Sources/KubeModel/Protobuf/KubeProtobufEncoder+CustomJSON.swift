extension KubeProtobufEncoder {
    /// The bytes of a message whose Go type reads its own JSON (``KubeProtobufCustomJSON``), as its
    /// Go marshaller writes them.
    func customMessage(
        _ custom: KubeProtobufCustomJSON,
        of message: KubeProtobufMessage,
        _ value: JSONValue
    ) throws(KubeProtobufError) -> [UInt8] {
        var writer = ProtobufWireWriter()
        switch custom {
        case .time, .microTime:
            // metav1.Time's Marshal: nothing for the zero time, else Unix seconds and nanos, both always.
            if value.isNull { return [] }
            guard let text = value.stringValue, let time = KubeProtobufTimestamp(rfc3339: text) else {
                throw .malformed(message: message.name, field: 1, reason: "\(value.jsonText) is not an RFC 3339 time")
            }
            if time == KubeProtobufTimestamp.zero { return [] }
            writer.varint(1, UInt64(bitPattern: time.seconds))
            writer.varint(2, UInt64(bitPattern: time.nanoseconds))
        case .quantity:
            // A null Quantity is zero, whose String() is "0"; numbers keep their JSON text.
            let text: String
            switch value {
            case .null: text = "0"
            case .string(let string): text = string
            case .integer, .double: text = value.jsonText
            default: throw .malformed(message: message.name, field: 1, reason: "\(value.jsonText) is not a quantity")
            }
            writer.lengthDelimited(1, text.utf8)
        case .intOrString:
            var type: UInt64 = 0
            var integer: Int64 = 0
            var string = ""
            switch value {
            case .null: break
            case .string(let text): (type, string) = (1, text)
            default:
                guard let number = value.integerValue else {
                    throw .malformed(message: message.name, field: 2, reason: "\(value.jsonText) is no int or string")
                }
                integer = number
            }
            writer.varint(1, type)
            writer.varint(2, UInt64(bitPattern: integer))
            writer.lengthDelimited(3, string.utf8)
        case .rawJSON:
            // A nil Raw is not written; Go keeps the JSON text of any other value as Raw.
            if !value.isNull { writer.lengthDelimited(1, value.serialized()) }
        }
        return writer.bytes
    }
}
