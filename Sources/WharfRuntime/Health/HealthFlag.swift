import Synchronization

/// A health check whose state the owner sets, for conditions known as they change
/// ("storage opened", "shutting down").
///
/// Create one with ``HealthChecks/registerFlag(_:probes:isHealthy:)``. Reading and setting are lock-free.
///
/// ```swift
/// let storageReady = checks.registerFlag("storage")
/// try await engine.open()
/// storageReady.isHealthy = true
/// ```
public final class HealthFlag: Sendable {
    private let state: Atomic<Bool>

    /// Creates a flag.
    ///
    /// - Parameter isHealthy: The initial state.
    public init(isHealthy: Bool) {
        self.state = Atomic(isHealthy)
    }

    /// Whether the check passes.
    public var isHealthy: Bool {
        get { self.state.load(ordering: .acquiring) }
        set { self.state.store(newValue, ordering: .releasing) }
    }
}
