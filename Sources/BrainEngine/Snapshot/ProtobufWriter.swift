/// Encodes the few protobuf field kinds etcd's stored records use: `int64` (varint) and `bytes`.
///
/// Like proto3 generated code, fields holding their default value (zero, empty) are left out, and the
/// caller writes fields in ascending field-number order, so the output matches etcd's own bytes.
struct ProtobufWriter {
    /// The encoded message so far.
    private(set) var bytes: [UInt8] = []

    /// Creates an empty message.
    init() {}

    /// Appends an `int64` field; negative values take ten bytes, as the protobuf spec requires.
    mutating func appendInt64(field: Int, _ value: Int64) {
        guard value != 0 else { return }
        appendVarint(UInt64(field) << 3 | ProtobufWireType.varint.rawValue)
        appendVarint(UInt64(bitPattern: value))
    }

    /// Appends a `bytes` field.
    mutating func appendBytes(field: Int, _ value: some Collection<UInt8>) {
        guard !value.isEmpty else { return }
        appendVarint(UInt64(field) << 3 | ProtobufWireType.lengthDelimited.rawValue)
        appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a base-128 varint.
    mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }
}
