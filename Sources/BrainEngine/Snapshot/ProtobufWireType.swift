/// The protobuf wire types: how a field's bytes are delimited on the wire.
enum ProtobufWireType: UInt64, Sendable {
    /// A base-128 varint (`int64`, `uint64`, `bool`, enums, ...).
    case varint = 0
    /// Eight little-endian bytes (`fixed64`, `double`).
    case fixed64 = 1
    /// A varint length, then that many bytes (`bytes`, `string`, messages, packed fields).
    case lengthDelimited = 2
    /// Start of a group (deprecated).
    case startGroup = 3
    /// End of a group (deprecated).
    case endGroup = 4
    /// Four little-endian bytes (`fixed32`, `float`).
    case fixed32 = 5
}
