import Synchronization

/// Connection leases that a request may stop waiting for without waiting for them to end.
///
/// postgres-nio's pool queues lease requests while PostgreSQL is unreachable, and a lease request
/// cancelled at the wrong moment may never return. So a request does not run its lease attempt
/// itself: the attempt runs as a child of the store's `run()` (``run()``), and the request waits
/// for whichever comes first, the attempt's answer or its deadline. An attempt whose request gave
/// up releases the connection as soon as it gets one, without running the request's work.
final class ConnectionLeases: Sendable {
    private let jobs: AsyncStream<@Sendable () async -> Void>
    private let submit: AsyncStream<@Sendable () async -> Void>.Continuation

    init() {
        (self.jobs, self.submit) = AsyncStream.makeStream()
    }

    /// Runs submitted attempts and deadlines until cancelled (or ``finish()``).
    func run() async {
        await withDiscardingTaskGroup { group in
            for await job in self.jobs {
                group.addTask { await job() }
            }
            group.cancelAll()
        }
    }

    /// Ends ``run()`` once the attempts already submitted end.
    func finish() {
        self.submit.finish()
    }

    /// Runs `attempt` (which calls `claim()` once it holds a connection and must give it back
    /// without further work when the claim fails) and answers its result; or `timedOut` when no
    /// connection was claimed within `wait`, or when the attempt has not ended `limit` after it
    /// started (its outcome is then unknown, as with etcd's request timeout).
    func lease<Result: Sendable>(
        wait: Duration, limit: Duration, timedOut: @escaping @Sendable () -> any Error,
        _ attempt: @escaping @Sendable (_ claim: @escaping @Sendable () -> Bool) async throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let request = PendingLease(continuation)
            self.submit.yield {
                do {
                    let result = try await attempt { request.claim() }
                    request.finish(.success(result))
                } catch {
                    request.finish(.failure(error))
                }
            }
            self.submit.yield {
                try? await Task.sleep(for: wait)
                request.expire(timedOut(), evenIfLeased: false)
                try? await Task.sleep(for: limit - wait)
                request.expire(timedOut(), evenIfLeased: true)
            }
        }
    }
}

/// One request waiting for a lease: answered exactly once, by the attempt or by its deadline.
private final class PendingLease<Result: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Result, any Error>)
        /// A connection is held: only the attempt answers now.
        case leased(CheckedContinuation<Result, any Error>)
        case answered
    }

    private let state: Mutex<State>

    init(_ continuation: CheckedContinuation<Result, any Error>) {
        self.state = Mutex(.waiting(continuation))
    }

    /// Called by the attempt when it holds a connection; false when the request already gave up.
    func claim() -> Bool {
        self.state.withLock { state in
            guard case .waiting(let continuation) = state else { return false }
            state = .leased(continuation)
            return true
        }
    }

    /// The attempt's outcome, answered unless the deadline answered first.
    func finish(_ result: Swift.Result<Result, any Error>) {
        let continuation: CheckedContinuation<Result, any Error>? = self.state.withLock { state in
            switch state {
            case .waiting(let continuation), .leased(let continuation):
                state = .answered
                return continuation
            case .answered:
                return nil
            }
        }
        continuation?.resume(with: result)
    }

    /// A deadline: answers `error` if no connection was claimed yet, or (`evenIfLeased`) if the
    /// attempt has not answered yet.
    func expire(_ error: any Error, evenIfLeased: Bool) {
        let continuation: CheckedContinuation<Result, any Error>? = self.state.withLock { state in
            switch state {
            case .waiting(let continuation):
                state = .answered
                return continuation
            case .leased(let continuation) where evenIfLeased:
                state = .answered
                return continuation
            default:
                return nil
            }
        }
        continuation?.resume(throwing: error)
    }
}
