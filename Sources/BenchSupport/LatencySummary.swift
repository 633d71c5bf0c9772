/// Percentiles of a set of latency samples, in milliseconds.
public struct LatencySummary: Sendable, Codable, Equatable {
    /// How many samples.
    public var count: Int
    /// The median.
    public var p50: Double
    /// The 99th percentile.
    public var p99: Double
    /// The 99.9th percentile.
    public var p999: Double
    /// The slowest sample.
    public var max: Double

    /// Summarizes samples given in nanoseconds; all zero when there are none.
    ///
    /// - Parameter samples: One latency per operation, in nanoseconds.
    public init(nanoseconds samples: [UInt64]) {
        let sorted = samples.sorted()
        count = sorted.count
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Swift.min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
            return Double(sorted[Swift.max(0, index)]) / 1_000_000
        }
        p50 = percentile(0.5)
        p99 = percentile(0.99)
        p999 = percentile(0.999)
        max = Double(sorted.last ?? 0) / 1_000_000
    }
}
