import Synchronization

/// Records the operations of concurrent clients with times on one monotonic clock, for
/// ``LinearizabilityChecker``.
///
/// ```swift
/// let recorder = HistoryRecorder()
/// let ticket = recorder.invoke(client: 1, key: "k", .write("a"))
/// // … send the write …
/// recorder.complete(ticket, .written)   // or leave it open: its outcome is unknown
/// let verdict = LinearizabilityChecker.check(recorder.history)
/// ```
public final class HistoryRecorder: Sendable {
    /// Identifies an invoked operation.
    public struct Ticket: Sendable, Hashable {
        fileprivate let index: Int
    }

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let operations = Mutex<[RegisterOperation]>([])

    /// Creates an empty recorder; times are measured from now.
    public init() {
        start = clock.now
    }

    /// Notes that `client` sends `call` on `key` now.
    public func invoke(client: Int, key: String, _ call: RegisterCall) -> Ticket {
        let operation = RegisterOperation(
            client: client, key: key, call: call, invoked: clock.now - start, outcome: .unknown)
        return operations.withLock { operations in
            operations.append(operation)
            return Ticket(index: operations.count - 1)
        }
    }

    /// Notes that the operation of `ticket` returned `result` now.
    public func complete(_ ticket: Ticket, _ result: RegisterResult) {
        let now = clock.now - start
        operations.withLock { $0[ticket.index].outcome = .returned(result, at: now) }
    }

    /// Every operation so far; those not completed have an unknown outcome.
    public var history: [RegisterOperation] {
        operations.withLock { $0 }
    }
}
