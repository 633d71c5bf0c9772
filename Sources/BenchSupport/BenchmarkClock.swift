/// Nanoseconds since the benchmark started, on a monotonic clock.
///
/// Load generators stamp requests and responses with it, so latencies are differences of two
/// readings of one clock.
public struct BenchmarkClock: Sendable {
    private let start = ContinuousClock.now

    /// Starts the clock now.
    public init() {}

    /// Nanoseconds since ``init()``.
    public var nanoseconds: UInt64 {
        let elapsed = (ContinuousClock.now - start).components
        return UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000)
    }

    /// Sleeps until `nanoseconds` after the start (returns at once if that has passed).
    ///
    /// - Parameter nanoseconds: The reading of ``nanoseconds`` to wake at.
    public func sleep(until nanoseconds: UInt64) async throws {
        let now = self.nanoseconds
        if nanoseconds > now { try await Task.sleep(for: .nanoseconds(nanoseconds - now)) }
    }
}
