/// Histogram bucket boundaries shared by every Wharf server, so dashboards compare like with like.
public enum HistogramBuckets {
    /// Duration buckets in seconds: 0.001 · 2^k for k = 0…13, that is 1 ms to 8.192 s.
    ///
    /// These are the buckets of etcd's disk histograms (`etcd_disk_wal_fsync_duration_seconds`,
    /// `etcd_disk_backend_commit_duration_seconds`), so Wharf's latency histograms line up with etcd
    /// dashboards and alerts.
    public static let seconds: [Double] = (0...13).map { 0.001 * Double(1 << $0) }

    /// ``seconds`` as `Duration`s, for timers.
    public static let durations: [Duration] = (0...13).map { .milliseconds(1 << $0) }
}
