import NIOCore
import SwiftProtobuf

/// A `ByteBuffer` that swift-protobuf reads from and serializes into without copying.
///
/// Serialized messages get room for gRPC's 5-byte message prefix in front, filled in by
/// ``framed(_:)``, so a response goes to the socket as one buffer.
struct ProtobufBytes: SwiftProtobufContiguousBytes {
    /// The buffer: the prefix (when serializing) followed by the message bytes.
    var buffer: ByteBuffer
    /// How many bytes in front of the message belong to the prefix.
    private let prefixBytes: Int

    /// Wraps received message bytes for decoding.
    init(message: ByteBuffer) {
        buffer = message
        prefixBytes = 0
    }

    init(repeating byte: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: GRPCFraming.prefixBytes + count)
        buffer.writeRepeatingByte(0, count: GRPCFraming.prefixBytes)
        buffer.writeRepeatingByte(byte, count: count)
        prefixBytes = GRPCFraming.prefixBytes
    }

    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        buffer = ByteBufferAllocator().buffer(capacity: GRPCFraming.prefixBytes + sequence.underestimatedCount)
        buffer.writeRepeatingByte(0, count: GRPCFraming.prefixBytes)
        buffer.writeBytes(sequence)
        prefixBytes = GRPCFraming.prefixBytes
    }

    var count: Int { buffer.readableBytes - prefixBytes }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes { bytes in
            try body(UnsafeRawBufferPointer(rebasing: bytes[prefixBytes...]))
        }
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let prefixBytes = prefixBytes
        return try buffer.withUnsafeMutableReadableBytes { bytes in
            try body(UnsafeMutableRawBufferPointer(rebasing: bytes[prefixBytes...]))
        }
    }
}

/// gRPC's length-prefixed message framing: a compressed flag byte and a big-endian 32-bit length
/// in front of every message.
enum GRPCFraming {
    static let prefixBytes = 5

    /// Appends an already encoded message with its gRPC prefix (uncompressed, length).
    static func append(encoded message: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(message.count))
        buffer.writeBytes(message)
    }

    /// Serializes a message into one buffer with its gRPC prefix.
    static func framed(_ message: some Message) throws -> ByteBuffer {
        var bytes: ProtobufBytes = try message.serializedBytes()
        let length = UInt32(bytes.count)
        bytes.buffer.setInteger(UInt8(0), at: bytes.buffer.readerIndex)
        bytes.buffer.setInteger(length, at: bytes.buffer.readerIndex + 1)
        return bytes.buffer
    }

    /// Decodes a message from the bytes of one gRPC message (prefix removed).
    static func decode<M: Message>(_ type: M.Type, from message: ByteBuffer) throws -> M {
        try M(serializedBytes: ProtobufBytes(message: message))
    }
}
