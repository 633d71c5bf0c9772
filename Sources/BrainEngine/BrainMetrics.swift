import CoreMetrics

/// The store's metrics, under etcd's own names so existing etcd dashboards and alerts work.
struct BrainMetrics: Sendable {
    let puts = Counter(label: "etcd_mvcc_put_total")
    let deletes = Counter(label: "etcd_mvcc_delete_total")
    let ranges = Counter(label: "etcd_mvcc_range_total")
    let txns = Counter(label: "etcd_mvcc_txn_total")
    let proposalsCommitted = Counter(label: "etcd_server_proposals_committed_total")
    let proposalsApplied = Counter(label: "etcd_server_proposals_applied_total")
    let proposalsFailed = Counter(label: "etcd_server_proposals_failed_total")
    let dbSize = Gauge(label: "etcd_mvcc_db_total_size_in_bytes")
    let dbSizeInUse = Gauge(label: "etcd_mvcc_db_total_size_in_use_in_bytes")
    let quota = Gauge(label: "etcd_server_quota_backend_bytes")
    let keys = Gauge(label: "etcd_debugging_mvcc_keys_total")
    let watchers = Gauge(label: "etcd_debugging_mvcc_watcher_total")
    let currentRevision = Gauge(label: "etcd_debugging_mvcc_current_revision")
    let compactRevision = Gauge(label: "etcd_debugging_mvcc_compact_revision")
    let hasLeader = Gauge(label: "etcd_server_has_leader")
    let isLeader = Gauge(label: "etcd_server_is_leader")
    let snapshotDuration = Timer(label: "etcd_disk_backend_snapshot_duration_seconds")

    /// Publishes the gauges from a status reading.
    func record(_ status: StoreStatusReading) {
        dbSize.record(status.sizeInBytes)
        dbSizeInUse.record(status.sizeInBytes)
        keys.record(status.keyCount)
        watchers.record(status.watcherCount)
        currentRevision.record(status.revision)
        compactRevision.record(status.compactRevision)
        // A brain member always serves writes itself: it is its own leader.
        hasLeader.record(1)
        isLeader.record(1)
    }
}

/// The numbers ``BrainMetrics/record(_:)`` publishes.
struct StoreStatusReading {
    var sizeInBytes: Int64
    var keyCount: Int
    var watcherCount: Int
    var revision: Int64
    var compactRevision: Int64
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
