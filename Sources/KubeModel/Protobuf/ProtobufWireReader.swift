/// Reads the fields of one protobuf message from a range of bytes, checking every length against
/// the end of the message.
struct ProtobufWireReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    /// The message being read, for errors.
    private let message: String
    private var field = 0

    init(bytes: [UInt8], range: Range<Int>, message: String) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.message = message
    }

    /// Whether every byte of the message has been read.
    var isAtEnd: Bool { self.position >= self.end }

    /// The next field, or `nil` at the end of the message.
    mutating func next() throws(KubeProtobufError) -> ProtobufWireField? {
        guard self.position < self.end else { return nil }
        self.field = 0
        let key = try self.varint()
        guard key >> 3 > 0, key >> 3 <= 536_870_911 else {
            throw .malformed(message: self.message, field: 0, reason: "invalid field number \(key >> 3)")
        }
        self.field = Int(key >> 3)
        switch key & 7 {
        case 0:
            return ProtobufWireField(number: self.field, value: .varint(try self.varint()))
        case 1:
            return ProtobufWireField(number: self.field, value: .fixed64(try self.littleEndian(8)))
        case 2:
            let length = try self.varint()
            guard length <= UInt64(self.end - self.position) else {
                throw .truncated(message: self.message, field: self.field)
            }
            let start = self.position
            self.position += Int(length)
            return ProtobufWireField(number: self.field, value: .lengthDelimited(start..<self.position))
        case 5:
            return ProtobufWireField(number: self.field, value: .fixed32(UInt32(try self.littleEndian(4))))
        default:
            throw .malformed(message: self.message, field: self.field, reason: "unsupported wire type \(key & 7)")
        }
    }

    /// Reads a base-128 varint of at most ten bytes.
    mutating func varint() throws(KubeProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard self.position < self.end else { throw .truncated(message: self.message, field: self.field) }
            let byte = self.bytes[self.position]
            self.position += 1
            if shift == 63 && byte > 1 {
                throw .malformed(message: self.message, field: self.field, reason: "varint overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a little-endian number of `count` bytes (4 or 8).
    mutating func littleEndian(_ count: Int) throws(KubeProtobufError) -> UInt64 {
        guard self.end - self.position >= count else { throw .truncated(message: self.message, field: self.field) }
        var result: UInt64 = 0
        for index in 0..<count {
            result |= UInt64(self.bytes[self.position + index]) << (8 * index)
        }
        self.position += count
        return result
    }
}
