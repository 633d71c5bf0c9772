/// What a client asked of one key, modelled as a register whose value is absent until written.
public enum RegisterCall: Sendable, Hashable {
    /// Read the value.
    case read
    /// Set the value.
    case write(String)
    /// Set the value to `new` if it is `expected` (an absent value never matches).
    case compareAndSet(expected: String, new: String)
}
