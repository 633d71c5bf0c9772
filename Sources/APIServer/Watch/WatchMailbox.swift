import Synchronization

/// The queue between a watch cache and one watcher. The cache posts items without waiting; the
/// watcher takes everything that has piled up at once, so a watcher that falls behind catches up
/// with one write (one TLS record, one syscall) for many events instead of one per event.
final class WatchMailbox<Item: Sendable>: Sendable {
    private let limit: Int
    private let state = Mutex(State())

    private struct State {
        var items: [Item] = []
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    /// Creates a mailbox that refuses items beyond `limit` waiting ones.
    init(limit: Int) {
        self.limit = limit
    }

    /// Adds items; `false` (and nothing added) when the mailbox is finished or would hold more
    /// than its limit.
    func post(_ items: some Collection<Item>) -> Bool {
        let waiter: CheckedContinuation<Void, Never>?
        let accepted: Bool
        (accepted, waiter) = self.state.withLock { state in
            guard !state.finished, state.items.count + items.count <= self.limit else { return (false, nil) }
            state.items.append(contentsOf: items)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Ends the mailbox: the watcher gets what is already posted, then `nil`.
    func finish() {
        let waiter = self.state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Everything posted since the last call, waiting for at least one item; `nil` once the
    /// mailbox is finished and empty. One watcher only.
    func next() async -> [Item]? {
        while true {
            let taken: [Item]? = self.state.withLock { state in
                if !state.items.isEmpty {
                    defer { state.items = [] }
                    return state.items
                }
                return state.finished ? [] : nil
            }
            if let taken { return taken.isEmpty ? nil : taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state in
                    guard state.items.isEmpty && !state.finished else { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
