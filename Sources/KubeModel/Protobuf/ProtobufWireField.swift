/// One field as it stands on the wire: its number and its undecoded value.
struct ProtobufWireField: Sendable {
    /// A value by wire type; length-delimited values are a range of the decoder's bytes.
    enum Value: Sendable {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(Range<Int>)
        case fixed32(UInt32)
    }

    var number: Int
    var value: Value
}
