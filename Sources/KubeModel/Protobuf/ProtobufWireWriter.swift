/// Writes the fields of one protobuf message, the counterpart of ``ProtobufWireReader``.
struct ProtobufWireWriter {
    private(set) var bytes: [UInt8] = []

    /// A varint field.
    mutating func varint(_ field: Int, _ value: UInt64) {
        self.key(field, wireType: 0)
        Self.appendVarint(value, to: &self.bytes)
    }

    /// A little-endian field of `width` bytes: 4 (wire type 5) or 8 (wire type 1).
    mutating func fixed(_ field: Int, _ value: UInt64, width: Int) {
        self.key(field, wireType: width == 4 ? 5 : 1)
        for index in 0..<width {
            self.bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index)))
        }
    }

    /// A length-delimited field: a string, bytes, or an embedded message.
    mutating func lengthDelimited(_ field: Int, _ value: some Collection<UInt8>) {
        self.key(field, wireType: 2)
        Self.appendVarint(UInt64(value.count), to: &self.bytes)
        self.bytes.append(contentsOf: value)
    }

    private mutating func key(_ field: Int, wireType: UInt64) {
        Self.appendVarint(UInt64(field) << 3 | wireType, to: &self.bytes)
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
