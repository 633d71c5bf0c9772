import StoreCore

/// The response channel of one watch session; many watchers share it so their responses
/// interleave in the order the store produced them.
final class WatchSink: Sendable {
    let sessionID: UInt64
    let queue = WatchResponseQueue()

    init(sessionID: UInt64) {
        self.sessionID = sessionID
    }

    func send(_ response: WatchResponse) {
        queue.send(response)
    }

    func finish() {
        queue.finish()
    }
}
