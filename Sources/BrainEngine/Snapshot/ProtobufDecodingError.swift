/// Why bytes could not be decoded as a protobuf message.
public enum ProtobufDecodingError: Error, Hashable, Sendable {
    /// The message ends inside a field.
    case truncated
    /// A varint is longer than ten bytes.
    case varintTooLong
    /// A field tag has a wire type that proto3 does not use.
    case invalidWireType(UInt64)
    /// A field tag has field number zero or one past the protobuf maximum.
    case invalidFieldNumber(Int)
    /// A known field arrived with another wire type than its declared type uses.
    case unexpectedWireType(field: Int)
}
