import NIOCore
import NIOHTTP1

/// Streams a response body into an HTTP/1.1 connection as chunks, one flush per write.
struct ChannelBodyWriter: ResponseBodyWriter {
    let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    let channel: any Channel

    func write(_ bytes: [UInt8]) async throws {
        try await self.outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
    }

    func onClientGone(_ handler: @escaping @Sendable () -> Void) {
        self.channel.closeFuture.whenComplete { _ in handler() }
    }
}
