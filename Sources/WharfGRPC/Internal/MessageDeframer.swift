import NIOCore

/// Cuts a stream's DATA bytes into gRPC messages, however the frames split them.
struct MessageDeframer {
    /// Why the bytes cannot be cut into messages.
    enum Failure: Error, Equatable {
        /// A message announced more bytes than the receive limit.
        case tooLarge(length: Int, limit: Int)
        /// A message is compressed, and this server speaks identity encoding only.
        case compressed
    }

    private var pending: ByteBuffer?
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Whether bytes of an unfinished message are waiting.
    var hasPartialMessage: Bool { (pending?.readableBytes ?? 0) > 0 }

    /// Adds received bytes and returns every message they complete, in order.
    mutating func append(_ bytes: ByteBuffer) throws(Failure) -> [ByteBuffer] {
        var buffer: ByteBuffer
        if var existing = pending {
            pending = nil
            var bytes = bytes
            existing.writeBuffer(&bytes)
            buffer = existing
        } else {
            buffer = bytes
        }
        var messages: [ByteBuffer] = []
        while buffer.readableBytes >= GRPCFraming.prefixBytes {
            let start = buffer.readerIndex
            guard let flag = buffer.getInteger(at: start, as: UInt8.self),
                let length32 = buffer.getInteger(at: start + 1, as: UInt32.self)
            else { break }
            if flag != 0 { throw .compressed }
            let length = Int(length32)
            if length > limit { throw .tooLarge(length: length, limit: limit) }
            guard buffer.readableBytes >= GRPCFraming.prefixBytes + length else { break }
            buffer.moveReaderIndex(forwardBy: GRPCFraming.prefixBytes)
            messages.append(buffer.readSlice(length: length)!)
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            pending = buffer
        }
        return messages
    }
}
