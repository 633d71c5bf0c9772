/// Writes protobuf messages field by field, for tests that need bodies kubectl does not send.
struct ProtobufTestWriter {
    private(set) var bytes: [UInt8] = []

    /// A varint field.
    func varint(_ field: Int, _ value: UInt64) -> Self {
        var copy = self
        copy.key(field, wireType: 0)
        copy.rawVarint(value)
        return copy
    }

    /// A fixed-width field of `width` bytes (4 or 8), little-endian.
    func fixed(_ field: Int, _ value: UInt64, width: Int) -> Self {
        var copy = self
        copy.key(field, wireType: width == 4 ? 5 : 1)
        copy.bytes += (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return copy
    }

    /// A length-delimited field.
    func bytes(_ field: Int, _ value: [UInt8]) -> Self {
        var copy = self
        copy.key(field, wireType: 2)
        copy.rawVarint(UInt64(value.count))
        copy.bytes += value
        return copy
    }

    /// A string field.
    func string(_ field: Int, _ value: String) -> Self {
        self.bytes(field, Array(value.utf8))
    }

    /// An embedded message field.
    func message(_ field: Int, _ build: (Self) -> Self) -> Self {
        self.bytes(field, build(Self()).bytes)
    }

    /// Raw bytes appended as they are, for malformed input.
    func raw(_ value: [UInt8]) -> Self {
        var copy = self
        copy.bytes += value
        return copy
    }

    /// A whole Kubernetes protobuf object: the magic and a `runtime.Unknown` envelope around `raw`.
    static func object(apiVersion: String, kind: String, _ build: (Self) -> Self) -> [UInt8] {
        let envelope = Self()
            .message(1) { $0.string(1, apiVersion).string(2, kind) }
            .bytes(2, build(Self()).bytes)
        return Array("k8s".utf8) + [0] + envelope.bytes
    }

    private mutating func key(_ field: Int, wireType: UInt64) {
        self.rawVarint(UInt64(field) << 3 | wireType)
    }

    private mutating func rawVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            self.bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        self.bytes.append(UInt8(rest))
    }
}
