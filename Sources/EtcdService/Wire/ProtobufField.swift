import SwiftProtobuf

/// The few pieces of protobuf's binary format the watch encoder splices by hand.
enum ProtobufField {
    /// A message's bytes. Encoding a message built from valid fields cannot fail.
    static func bytes(of message: some Message) -> [UInt8] {
        (try? message.serializedBytes()) ?? []
    }

    /// Appends a base-128 varint.
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Bytes of a varint holding `value`.
    static func varintSize(_ value: UInt64) -> Int {
        var size = 1
        var rest = value >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    /// Bytes a length-delimited field with a one-byte tag takes for a body of `length` bytes.
    static func lengthDelimitedSize(_ length: Int) -> Int {
        1 + varintSize(UInt64(length)) + length
    }

    /// Appends a length-delimited field with a one-byte tag (field numbers up to 15).
    static func appendLengthDelimited(tag: UInt8, _ body: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(tag)
        appendVarint(UInt64(body.count), to: &bytes)
        bytes += body
    }
}
