public import SwiftProtobuf

/// The messages a streaming RPC receives (a server's requests, a client's responses), decoded in
/// arrival order. The sequence ends when the peer finishes cleanly and throws ``GRPCStatus`` when
/// the RPC fails or is cancelled, or a message does not decode.
public struct GRPCMessageStream<Element: Message & Sendable>: AsyncSequence, Sendable {
    let messages: MessageQueue

    public struct AsyncIterator: AsyncIteratorProtocol {
        let messages: MessageQueue

        public mutating func next() async throws -> Element? {
            guard let bytes = try await messages.next() else { return nil }
            do {
                return try GRPCFraming.decode(Element.self, from: bytes)
            } catch {
                throw GRPCStatus(code: .internalError, message: "grpc: error unmarshalling message: \(error)")
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(messages: messages)
    }
}
