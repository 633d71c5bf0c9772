import StoreCore

/// The response channel of one watch session; many watchers share it so their responses
/// interleave in the order the store produced them.
final class WatchSink: Sendable {
    let sessionID: UInt64
    private let continuation: AsyncStream<WatchResponse>.Continuation

    init(sessionID: UInt64, continuation: AsyncStream<WatchResponse>.Continuation) {
        self.sessionID = sessionID
        self.continuation = continuation
    }

    func send(_ response: WatchResponse) {
        continuation.yield(response)
    }

    func finish() {
        continuation.finish()
    }
}
