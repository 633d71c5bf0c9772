/// The verdict of a ``LinearizabilityChecker``.
public enum LinearizabilityResult: Sendable, Hashable {
    /// Every key's operations can be put in one order that respects real time and the register's
    /// semantics.
    case linearizable
    /// A key's operations cannot; the counterexample shows where the search got stuck.
    case notLinearizable(LinearizabilityCounterexample)
}
