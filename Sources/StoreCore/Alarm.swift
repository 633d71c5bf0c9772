/// A condition that stops a store from accepting some requests until an operator disarms it.
public enum Alarm: Sendable, Hashable {
    /// The size quota is exhausted: puts, transactions with puts and lease grants are refused.
    case noSpace
    /// The store found its data inconsistent.
    case corrupt
}
