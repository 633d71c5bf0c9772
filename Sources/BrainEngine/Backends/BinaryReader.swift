import Foundation

/// Reads what ``BinaryWriter`` wrote, failing on truncated or malformed input instead of trapping.
struct BinaryReader {
    /// The input ended early or held an impossible value.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }

    private mutating func take(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw Malformed() }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readByte() throws(Malformed) -> UInt8 {
        try take(1).first!
    }

    mutating func readUInt32() throws(Malformed) -> UInt32 {
        try take(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readUInt64() throws(Malformed) -> UInt64 {
        try take(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func readInt64() throws(Malformed) -> Int64 {
        Int64(bitPattern: try readUInt64())
    }

    mutating func readBool() throws(Malformed) -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    mutating func readData() throws(Malformed) -> Data {
        Data(try take(Int(try readUInt32())))
    }
}
