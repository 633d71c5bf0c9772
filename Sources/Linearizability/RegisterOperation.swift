/// One operation of a recorded history: a call on a key, when it was invoked and how it ended.
///
/// Times are offsets on one monotonic clock shared by every client of the history.
public struct RegisterOperation: Sendable, Hashable, CustomStringConvertible {
    /// How an operation ended.
    public enum Outcome: Sendable, Hashable {
        /// The store answered at this time.
        case returned(RegisterResult, at: Duration)
        /// No answer (timeout, connection lost): a write may or may not have taken effect, at any
        /// time after its invocation; a read tells nothing.
        case unknown
    }

    /// The client that issued it; a client's operations do not overlap.
    public var client: Int
    /// The key, each key being an independent register.
    public var key: String
    /// What the client asked.
    public var call: RegisterCall
    /// When the client sent it.
    public var invoked: Duration
    /// The answer and when it came, or that none came.
    public var outcome: Outcome

    /// Creates an operation.
    public init(client: Int, key: String, call: RegisterCall, invoked: Duration, outcome: Outcome) {
        self.client = client
        self.key = key
        self.call = call
        self.invoked = invoked
        self.outcome = outcome
    }

    /// When the answer came; nil for an unknown outcome (open-ended).
    public var completed: Duration? {
        if case .returned(_, let time) = outcome { return time }
        return nil
    }

    /// The register after this operation takes effect on `state`, or nil when its answer is
    /// impossible from `state` (a read of another value, a compare-and-set answered wrongly, or an
    /// answer that does not fit the call).
    func apply(to state: String?) -> String?? {
        switch (call, outcome) {
        case (.read, .returned(.read(let value), _)):
            return value == state ? .some(state) : nil
        case (.write(let value), .returned(.written, _)), (.write(let value), .unknown):
            return .some(value)
        case (.compareAndSet(let expected, let new), .returned(.compareAndSet(let succeeded), _)):
            guard (state == expected) == succeeded else { return nil }
            return .some(succeeded ? new : state)
        case (.compareAndSet(let expected, let new), .unknown):
            return .some(state == expected ? new : state)
        default:
            return nil
        }
    }

    public var description: String {
        let what: String
        switch call {
        case .read: what = "read"
        case .write(let value): what = "write \(Self.quote(value))"
        case .compareAndSet(let expected, let new): what = "cas \(Self.quote(expected)) → \(Self.quote(new))"
        }
        let result: String
        switch outcome {
        case .returned(.read(let value), _): result = " = \(Self.quote(value))"
        case .returned(.written, _): result = ""
        case .returned(.compareAndSet(let succeeded), _): result = succeeded ? " ok" : " failed"
        case .unknown: result = " (outcome unknown)"
        }
        let end = completed.map { "\($0)" } ?? "∞"
        return "client \(client) \(key): \(what)\(result) [\(invoked), \(end)]"
    }

    static func quote(_ value: String?) -> String {
        value.map { "\"\($0)\"" } ?? "absent"
    }
}
