import CoreMetrics
import Prometheus
import Testing
import WharfRuntime

@Suite struct MetricsBootstrapTests {
    @Test func bucketsAreEtcdDiskBuckets() {
        #expect(HistogramBuckets.seconds.count == 14)
        #expect(HistogramBuckets.seconds.first == 0.001)
        #expect(HistogramBuckets.seconds.last == 8.192)
        #expect(HistogramBuckets.durations.first == .milliseconds(1))
        #expect(HistogramBuckets.durations.last == .milliseconds(8192))
    }

    @Test func timersBecomeSecondHistogramsWithEtcdBuckets() {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.makeFactory(registry: registry)
        factory.makeTimer(label: "wharf.disk.fsync", dimensions: []).recordNanoseconds(3_000_000)

        let text = registry.emitToString()
        #expect(text.contains("# TYPE wharf_disk_fsync histogram\n"))
        #expect(text.contains("wharf_disk_fsync_bucket{le=\"0.002\"} 0\n"))
        #expect(text.contains("wharf_disk_fsync_bucket{le=\"0.004\"} 1\n"))
        #expect(text.contains("wharf_disk_fsync_bucket{le=\"8.192\"} 1\n"))
        #expect(text.contains("wharf_disk_fsync_sum 0.003\n"))
    }

    @Test func aggregatingRecordersBecomeHistogramsAndOthersGauges() {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.makeFactory(registry: registry)
        factory.makeRecorder(label: "wharf.apply.seconds", dimensions: [], aggregate: true).record(0.5)
        factory.makeRecorder(label: "wharf.keys", dimensions: [("db-name", "main")], aggregate: false).record(Double(12))

        let text = registry.emitToString()
        #expect(text.contains("wharf_apply_seconds_bucket{le=\"0.512\"} 1\n"))
        #expect(text.contains("wharf_keys{db_name=\"main\"} 12.0\n"))
    }

    @Test func namesAreSanitized() {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.makeFactory(registry: registry)
        factory.makeCounter(label: "9lives-café:total", dimensions: [("a.b", "c.d")]).increment(by: 1)
        #expect(registry.emitToString().contains("_9lives_caf_:total{a_b=\"c.d\"} 1\n"))
    }
}
