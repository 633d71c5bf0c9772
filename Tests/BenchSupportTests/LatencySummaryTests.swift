import BenchSupport
import Testing

/// Percentiles as the benchmark tables print them: the sample at or above the fraction.
@Suite struct LatencySummaryTests {
    @Test func latencySummaryPercentiles() {
        let summary = LatencySummary(nanoseconds: (1...1000).map { UInt64($0) * 1_000_000 })
        #expect(summary.count == 1000)
        #expect(summary.p50 == 500)
        #expect(summary.p99 == 990)
        #expect(summary.p999 == 999)
        #expect(summary.max == 1000)
        #expect(LatencySummary(nanoseconds: []).p99 == 0)
    }
}
