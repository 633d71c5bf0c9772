/// Decodes a protobuf message field by field, skipping fields it is not asked about.
///
/// Only what etcd's stored records need: varint and length-delimited fields, with fixed-size fields
/// skipped. Groups are rejected, as proto3 never writes them.
struct ProtobufReader {
    /// One decoded field.
    enum Field {
        /// A varint field and its raw value (cast with `Int64(bitPattern:)` for `int64`).
        case varint(number: Int, value: UInt64)
        /// A length-delimited field and its bytes.
        case lengthDelimited(number: Int, value: ArraySlice<UInt8>)
        /// A fixed-size field, whose value is skipped.
        case fixed(number: Int)
    }

    private let bytes: [UInt8]
    private var offset: Int

    /// Creates a reader over an encoded message.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// The next field, or `nil` at the end of the message.
    mutating func nextField() throws(ProtobufDecodingError) -> Field? {
        guard offset < bytes.count else { return nil }
        let tag = try readVarint()
        let number = tag >> 3
        guard number > 0, number <= 536_870_911 else { throw .invalidFieldNumber(Int(clamping: number)) }
        guard let wireType = ProtobufWireType(rawValue: tag & 7) else { throw .invalidWireType(tag & 7) }
        switch wireType {
        case .varint:
            return .varint(number: Int(number), value: try readVarint())
        case .lengthDelimited:
            let length = try readVarint()
            guard length <= UInt64(bytes.count - offset) else { throw .truncated }
            let start = offset
            offset += Int(length)
            return .lengthDelimited(number: Int(number), value: bytes[start..<offset])
        case .fixed64, .fixed32:
            let size = wireType == .fixed64 ? 8 : 4
            guard size <= bytes.count - offset else { throw .truncated }
            offset += size
            return .fixed(number: Int(number))
        case .startGroup, .endGroup:
            throw .invalidWireType(wireType.rawValue)
        }
    }

    private mutating func readVarint() throws(ProtobufDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64 else { throw .varintTooLong }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw .truncated
    }
}
