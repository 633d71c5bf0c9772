import StoreCore
import Synchronization

/// Group commit on the leader: write requests that arrive while a batch is being committed wait,
/// and the next transaction carries all of them (up to ``maximumRequests`` or ``maximumBytes``),
/// each with its own revision, all answered after its one `COMMIT`.
///
/// A batch takes the fenced revision lock once and pays one `BEGIN`, one read-ahead, one
/// multi-row `INSERT`, one revision update and one `COMMIT` (one fsync) for all its requests,
/// so concurrent writers share round trips instead of queueing on the row lock. The loop
/// (``run(commit:)``) runs in the store's `run()`; one batch is in flight at a time. Every
/// request submitted is answered exactly once: by its batch, or with etcd's "server stopped"
/// when the loop ends first.
final class PostgresWriteBatcher: Sendable {
    /// The most requests one transaction carries.
    static let maximumRequests = 256
    /// The most request bytes (keys and values) one transaction carries, unless a single request
    /// is larger by itself.
    static let maximumBytes = 1 << 20

    private struct State {
        var queue: [any PostgresBatchedWrite] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation

    init() {
        (wakeUps, wakeUp) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The requests waiting for a batch.
    var waiting: Int { state.withLock { $0.queue.count } }

    /// Runs `body` in the next batch's transaction, fenced by `fence`, and returns its result
    /// once that transaction committed; nil when `fence` no longer held the leadership (nothing
    /// was written).
    func submit<Response: Sendable>(
        fence: PostgresWriter.Fence, footprint: WriteFootprint,
        _ body: @escaping @Sendable (PostgresWriter) async throws -> Response
    ) async throws(StoreError) -> Response? {
        let answer = await withCheckedContinuation { caller in
            let request = PostgresPendingWrite(fence: fence, footprint: footprint, body: body, caller: caller)
            let accepted = state.withLock { state in
                if !state.closed { state.queue.append(request) }
                return !state.closed
            }
            if accepted {
                wakeUp.yield()
            } else {
                request.finish(.failed(Self.stopped))
            }
        }
        return try answer.get()
    }

    /// Commits batches with `commit` (which answers every request of the batch) until
    /// cancelled, then answers what is still waiting with etcd's "server stopped".
    func run(commit: ([any PostgresBatchedWrite]) async -> Void) async {
        for await _ in wakeUps {
            while !Task.isCancelled, await commitNext(with: commit) {}
        }
        let left = state.withLock { state in
            state.closed = true
            defer { state.queue = [] }
            return state.queue
        }
        for request in left { request.finish(.failed(Self.stopped)) }
    }

    /// Commits the next batch with `commit`; false when no request waits. ``run(commit:)`` calls
    /// it in a loop; tests call it directly to control what one batch holds.
    func commitNext(with commit: ([any PostgresBatchedWrite]) async -> Void) async -> Bool {
        guard let batch = nextBatch() else { return false }
        await commit(batch)
        // A request the commit left unanswered must not wait forever.
        for request in batch { request.finish(.failed(.unavailable("etcdserver: request was not run"))) }
        return true
    }

    /// etcd's answer to a request the server stopped before running.
    private static let stopped = StoreError.unavailable("etcdserver: server stopped")

    /// The oldest waiting requests that share the first one's fence, within the caps; nil when
    /// none wait.
    private func nextBatch() -> [any PostgresBatchedWrite]? {
        state.withLock { state in
            guard let fence = state.queue.first?.fence else { return nil }
            var count = 0
            var bytes = 0
            for request in state.queue {
                guard request.fence == fence, count < Self.maximumRequests else { break }
                bytes += request.footprint.bytes
                if count > 0 && bytes > Self.maximumBytes { break }
                count += 1
            }
            defer { state.queue.removeFirst(count) }
            return Array(state.queue.prefix(count))
        }
    }
}
