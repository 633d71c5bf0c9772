public import SwiftProtobuf

/// The requests of a streaming RPC, decoded in arrival order. The sequence ends when the client
/// half-closes and throws when the RPC is cancelled or a message does not decode.
public struct GRPCRequestStream<Request: Message & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Request
    let messages: ServerMessages

    public struct AsyncIterator: AsyncIteratorProtocol {
        let messages: ServerMessages

        public mutating func next() async throws -> Request? {
            guard let bytes = try await messages.next() else { return nil }
            return try GRPCFraming.decode(Request.self, from: bytes)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(messages: messages)
    }
}
