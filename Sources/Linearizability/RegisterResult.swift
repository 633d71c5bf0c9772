/// What the store answered to a ``RegisterCall``.
public enum RegisterResult: Sendable, Hashable {
    /// A read saw this value; nil when the key was absent.
    case read(String?)
    /// A write took effect.
    case written
    /// A compare-and-set took effect (true) or found another value (false).
    case compareAndSet(succeeded: Bool)
}
