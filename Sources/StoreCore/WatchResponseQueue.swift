import Synchronization

/// The response channel of a watch session: the store appends, the session's reader takes
/// everything queued so far in one batch.
///
/// Taking batches lets a busy watch stream send many responses in one write (one HTTP/2 frame,
/// one flush) instead of one at a time. While the reader lags, a watcher's event responses that
/// wait in the queue merge into one response carrying several revisions, as etcd does for
/// watchers that fall behind; created, cancelled and progress responses are never merged or
/// reordered. Unbounded, like the session it serves: a reader that stops reading is cancelled by
/// its transport.
public final class WatchResponseQueue: AsyncSequence, Sendable {
    public typealias Element = [WatchResponse]

    private struct State {
        var pending: [WatchResponse] = []
        /// Per watcher, its last pending response if more events may merge into it.
        var mergeable: [WatchID: (index: Int, bytes: Int)] = [:]
        var finished = false
        var reader: UnsafeContinuation<[WatchResponse]?, Never>?

        mutating func append(_ response: WatchResponse) {
            guard response.isEventsOnly else {
                mergeable[response.watchID] = nil
                pending.append(response)
                return
            }
            let bytes = response.events.reduce(0) { $0 + $1.approximateBytes }
            if let target = mergeable[response.watchID],
                target.bytes + bytes <= WatchResponseQueue.mergedBytesLimit
            {
                pending[target.index].events += response.events
                pending[target.index].revision = response.revision
                mergeable[response.watchID] = (target.index, target.bytes + bytes)
            } else {
                mergeable[response.watchID] = (pending.count, bytes)
                pending.append(response)
            }
        }

        mutating func take() -> [WatchResponse]?? {
            if !pending.isEmpty {
                let batch = pending
                pending = []
                mergeable = [:]
                return .some(batch)
            }
            return finished ? .some(nil) : nil
        }
    }

    /// How large a merged response may grow (keys and values), well under gRPC message limits.
    public static let mergedBytesLimit = 256 * 1024

    private let state = Mutex(State())

    public init() {}

    /// Queues a response; ignored after ``finish()``.
    public func send(_ response: WatchResponse) {
        let reader: UnsafeContinuation<[WatchResponse]?, Never>? = state.withLock { state in
            guard !state.finished else { return nil }
            if let reader = state.reader {
                state.reader = nil
                return reader
            }
            state.append(response)
            return nil
        }
        reader?.resume(returning: [response])
    }

    /// Ends the sequence once the queued responses are taken.
    public func finish() {
        let reader: UnsafeContinuation<[WatchResponse]?, Never>? = state.withLock { state in
            state.finished = true
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }

    /// Everything queued since the last call, waiting while nothing is; nil once finished.
    /// Cancelling the waiting task finishes the queue.
    func next() async -> [WatchResponse]? {
        if let batch = takePending() { return batch }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<[WatchResponse]?, Never>) in
                let batch: [WatchResponse]?? = state.withLock { state in
                    if let batch = state.take() { return .some(batch) }
                    state.reader = continuation
                    return nil
                }
                if let batch { continuation.resume(returning: batch) }
            }
        } onCancel: {
            finish()
        }
    }

    /// The queued responses (or nil once finished and drained), if there is no need to wait.
    private func takePending() -> [WatchResponse]?? {
        state.withLock { $0.take() }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let queue: WatchResponseQueue

        public mutating func next() async -> [WatchResponse]? {
            await queue.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(queue: self)
    }
}

extension WatchResponse {
    /// Whether the response only carries events of a live watcher (nothing that must stay alone).
    fileprivate var isEventsOnly: Bool {
        !events.isEmpty && !created && !canceled && compactRevision == 0 && watchID != Self.progressWatchID
    }
}

extension Event {
    /// Keys and values the event carries: a cheap stand-in for its encoded size.
    fileprivate var approximateBytes: Int {
        kv.key.count + kv.value.count + (prevKV.map { $0.key.count + $0.value.count } ?? 0)
    }
}
