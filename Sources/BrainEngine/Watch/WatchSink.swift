public import StoreCore

/// The response channel of one watch session; many watchers share it so their responses
/// interleave in the order the store produced them.
public final class WatchSink: Sendable {
    /// The session the sink belongs to.
    public let sessionID: UInt64
    /// The responses, in order.
    public let queue = WatchResponseQueue()

    /// Creates the sink of session `sessionID`.
    public init(sessionID: UInt64) {
        self.sessionID = sessionID
    }

    /// Queues a response.
    public func send(_ response: WatchResponse) {
        queue.send(response)
    }

    /// Ends the response stream.
    public func finish() {
        queue.finish()
    }
}
