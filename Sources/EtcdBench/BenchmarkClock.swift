/// Nanoseconds since the benchmark started, on a monotonic clock.
struct BenchmarkClock: Sendable {
    private let start = ContinuousClock.now

    var nanoseconds: UInt64 {
        let elapsed = (ContinuousClock.now - start).components
        return UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000)
    }

    /// Sleeps until `nanoseconds` after the start (returns at once if that has passed).
    func sleep(until nanoseconds: UInt64) async throws {
        let now = self.nanoseconds
        if nanoseconds > now { try await Task.sleep(for: .nanoseconds(nanoseconds - now)) }
    }
}
