import Synchronization

/// Connection leases that a request may stop waiting for without waiting for them to end.
///
/// postgres-nio's pool queues lease requests while PostgreSQL is unreachable, a lease request
/// cancelled at the wrong moment may never return, and a query on a connection the server closed
/// can wait forever (vapor/postgres-nio#487, whose fix was reverted). So a request does not run
/// its lease attempt itself: the attempt runs in a task of its own, and the request
/// waits for whichever comes first, the attempt's answer or its deadline. An attempt whose
/// request gave up releases the connection as soon as it gets one, without running the
/// request's work; one that never ends is left behind, holding up neither its request nor the
/// store's shutdown.
///
/// Every request has the same two deadlines (``wait`` for a connection, ``limit`` for the whole
/// attempt), so deadlines fall due in the order requests arrive: one task keeps them in two
/// first-in-first-out queues, and a request costs no timer of its own (a sleeping task per
/// request made the task group's bookkeeping the busiest code under load).
final class ConnectionLeases: Sendable {
    /// How long a request waits for a connection.
    let wait: Duration
    /// How long after it started a request's attempt may still answer.
    let limit: Duration

    private let stopped: AsyncStream<Never>
    private let stop: AsyncStream<Never>.Continuation
    private let deadlines = Mutex(LeaseDeadlines())
    private let deadlineAdded: AsyncStream<Void>
    private let signalDeadline: AsyncStream<Void>.Continuation

    /// Leases that wait `wait` for a connection and answer within `limit` of their start.
    init(wait: Duration, limit: Duration) {
        self.wait = wait
        self.limit = limit
        (self.stopped, self.stop) = AsyncStream.makeStream()
        (self.deadlineAdded, self.signalDeadline) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Enforces the deadlines until cancelled (or ``finish()``); then answers every unanswered
    /// request with its timeout. Attempts still running are not waited for: the pool fails those
    /// still waiting for a connection once it shuts down.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.enforceDeadlines() }
            for await _ in self.stopped {}
            group.cancelAll()
        }
    }

    /// Ends ``run()``; requests made after it ended time out at once.
    func finish() {
        self.stop.finish()
    }

    /// Runs `attempt` (which calls `claim()` once it holds a connection and must give it back
    /// without further work when the claim fails) and answers its result; or `timedOut` when no
    /// connection was claimed within ``wait``, or when the attempt has not ended ``limit`` after
    /// it started (its outcome is then unknown, as with etcd's request timeout).
    func lease<Result: Sendable>(
        timedOut: @escaping @Sendable () -> any Error,
        _ attempt: @escaping @Sendable (_ claim: @escaping @Sendable () -> Bool) async throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let request = PendingLease(continuation, timedOut: timedOut)
            // Once run() ended nothing would answer it: a request made then times out at once.
            guard let wasIdle = self.deadlines.withLock({ $0.add(request, at: .now) }) else {
                request.expire(evenIfLeased: true)
                return
            }
            if wasIdle { self.signalDeadline.yield() }
            // A task of its own, which nobody waits for: the request waits for its answer only.
            Task {
                do {
                    let result = try await attempt { request.claim() }
                    request.finish(.success(result))
                } catch {
                    request.finish(.failure(error))
                }
            }
        }
    }

    /// Expires requests as their deadlines pass, sleeping until the next one (or until a request
    /// arrives when none waits), until cancelled; then answers every unanswered request with its
    /// timeout, so none waits past the store's shutdown.
    private func enforceDeadlines() async {
        var added = self.deadlineAdded.makeAsyncIterator()
        while !Task.isCancelled {
            let now = ContinuousClock.now
            let (due, next) = self.deadlines.withLock { $0.takeDue(now: now, wait: self.wait, limit: self.limit) }
            for (request, evenIfLeased) in due { request.expire(evenIfLeased: evenIfLeased) }
            if let next {
                try? await Task.sleep(until: next, clock: .continuous)
            } else if await added.next() == nil {
                break
            }
        }
        let left = self.deadlines.withLock { $0.takeAll() }
        for request in left { request.expire(evenIfLeased: true) }
    }
}

/// A request's deadlines as ``ConnectionLeases`` keeps them.
private protocol ExpiringLease: AnyObject, Sendable {
    /// Whether the request has its answer (its deadlines no longer matter).
    var isAnswered: Bool { get }
    /// Answers the request's timeout if no connection was claimed yet, or (`evenIfLeased`) if
    /// the attempt has not answered yet.
    func expire(evenIfLeased: Bool)
}

/// The requests whose deadlines are still ahead, oldest first: those waiting for a connection,
/// and those past that deadline still waiting for their attempt.
private struct LeaseDeadlines {
    private var waiting = FIFO()
    private var running = FIFO()
    /// Set by ``takeAll()``: the deadline task ended.
    private var closed = false

    /// Adds a request started at `start`; true when no request was waiting (the deadline task
    /// may be idle), nil when the deadline task ended (the request was not added).
    mutating func add(_ request: any ExpiringLease, at start: ContinuousClock.Instant) -> Bool? {
        if self.closed { return nil }
        let wasIdle = self.waiting.isEmpty && self.running.isEmpty
        self.waiting.append((request, start))
        return wasIdle
    }

    /// Takes the requests whose deadlines passed by `now` (with whether the attempt's own
    /// deadline passed), and the next deadline ahead.
    mutating func takeDue(
        now: ContinuousClock.Instant, wait: Duration, limit: Duration
    ) -> (due: [(any ExpiringLease, evenIfLeased: Bool)], next: ContinuousClock.Instant?) {
        var due: [(any ExpiringLease, evenIfLeased: Bool)] = []
        while let (request, start) = self.waiting.first, start + wait <= now {
            self.waiting.removeFirst()
            guard !request.isAnswered else { continue }
            due.append((request, false))
            self.running.append((request, start))
        }
        while let (request, start) = self.running.first, start + limit <= now {
            self.running.removeFirst()
            if !request.isAnswered { due.append((request, true)) }
        }
        let next = [self.waiting.first.map { $0.start + wait }, self.running.first.map { $0.start + limit }].compactMap { $0 }.min()
        return (due, next)
    }

    /// Takes every request still queued, and refuses those added later.
    mutating func takeAll() -> [any ExpiringLease] {
        var all: [any ExpiringLease] = []
        for queue in [self.waiting, self.running] { all += queue.remaining }
        self = LeaseDeadlines()
        self.closed = true
        return all
    }

    /// A queue that removes from the front in constant time (amortized).
    private struct FIFO {
        private var entries: [(request: any ExpiringLease, start: ContinuousClock.Instant)] = []
        private var head = 0

        var isEmpty: Bool { self.head == self.entries.count }
        var first: (request: any ExpiringLease, start: ContinuousClock.Instant)? { self.isEmpty ? nil : self.entries[self.head] }

        var remaining: [any ExpiringLease] { self.entries[self.head...].map(\.request) }

        mutating func append(_ entry: (request: any ExpiringLease, start: ContinuousClock.Instant)) {
            self.entries.append(entry)
        }

        mutating func removeFirst() {
            self.head += 1
            if self.head >= 1024 && self.head * 2 >= self.entries.count {
                self.entries.removeFirst(self.head)
                self.head = 0
            }
        }
    }
}

/// One request waiting for a lease: answered exactly once, by the attempt or by its deadline.
private final class PendingLease<Result: Sendable>: ExpiringLease {
    private enum State {
        case waiting(CheckedContinuation<Result, any Error>)
        /// A connection is held: only the attempt answers now.
        case leased(CheckedContinuation<Result, any Error>)
        case answered
    }

    private let state: Mutex<State>
    private let timedOut: @Sendable () -> any Error

    init(_ continuation: CheckedContinuation<Result, any Error>, timedOut: @escaping @Sendable () -> any Error) {
        self.state = Mutex(.waiting(continuation))
        self.timedOut = timedOut
    }

    var isAnswered: Bool {
        self.state.withLock { state in
            if case .answered = state { return true }
            return false
        }
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

    /// A deadline: answers the timeout if no connection was claimed yet, or (`evenIfLeased`) if
    /// the attempt has not answered yet.
    func expire(evenIfLeased: Bool) {
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
        continuation?.resume(throwing: self.timedOut())
    }
}
