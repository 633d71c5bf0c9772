/// Why a key's history is not linearizable: the longest order the search found, and an operation
/// that had already returned but could not take effect after it.
public struct LinearizabilityCounterexample: Sendable, Hashable, CustomStringConvertible {
    /// The key whose history fails.
    public var key: String
    /// The longest linearizable prefix found, in the order it takes effect.
    public var linearized: [RegisterOperation]
    /// The register's value after ``linearized``; nil when absent.
    public var state: String?
    /// An operation that returned before every remaining one could go, yet no remaining operation
    /// order lets it take effect.
    public var stuck: RegisterOperation

    public var description: String {
        let shown = linearized.suffix(8).map { "  \($0)" }.joined(separator: "\n")
        return """
            key \(key) is not linearizable: after \(linearized.count) operations \
            (the register holds \(RegisterOperation.quote(state))\(linearized.count > 8 ? "; the last 8 shown" : "")):
            \(shown.isEmpty ? "  (none)" : shown)
            no order of the operations still open lets this one take effect:
              \(stuck)
            """
    }
}
