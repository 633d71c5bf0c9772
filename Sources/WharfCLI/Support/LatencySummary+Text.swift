import BenchSupport
import Foundation

extension LatencySummary {
    /// `p50 …, p99 …, p99.9 …, max … (N samples)`, in milliseconds.
    var text: String {
        String(format: "p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f (%d samples)", p50, p99, p999, max, count)
    }
}
