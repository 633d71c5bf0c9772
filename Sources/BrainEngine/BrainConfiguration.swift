public import Foundation

/// How a ``BrainStore`` stores and maintains its data.
public struct BrainConfiguration: Sendable {
    /// Where the embedded engine keeps its files; nil keeps everything in memory (nothing
    /// survives a restart).
    public var dataDirectory: URL?
    /// The size quota in bytes; past it writes fail with "database space exceeded" until space
    /// is freed and the alarm disarmed. 0 means etcd's default of 2 GiB.
    public var quotaBytes: Int64
    /// The most operations one transaction list may hold (etcd's `--max-txn-ops`, default 128).
    public var maxTxnOperations: Int
    /// How often watchers that asked for progress notifications get one when idle
    /// (etcd's default is 10 minutes).
    public var progressNotifyInterval: Duration
    /// How often expired leases are revoked.
    public var leaseCheckInterval: Duration
    /// The shortest lease TTL granted, in seconds; shorter requests get this.
    public var minimumLeaseTTL: Int64
    /// Log bytes after which the engine writes a snapshot and drops old log segments.
    public var snapshotThresholdBytes: Int64
    /// Automatic compaction of history; nil keeps history until a client compacts.
    public var autoCompaction: AutoCompaction?
    /// Extra time added to every disk sync, to show how group commit copes with slower disks.
    /// Benchmarks only.
    public var syncDelay: Duration

    /// Creates a configuration; every parameter defaults to etcd's behaviour where etcd has one.
    public init(
        dataDirectory: URL? = nil,
        quotaBytes: Int64 = 0,
        maxTxnOperations: Int = 128,
        progressNotifyInterval: Duration = .seconds(600),
        leaseCheckInterval: Duration = .milliseconds(500),
        minimumLeaseTTL: Int64 = 2,
        snapshotThresholdBytes: Int64 = 64 << 20,
        autoCompaction: AutoCompaction? = nil,
        syncDelay: Duration = .zero
    ) {
        self.dataDirectory = dataDirectory
        self.quotaBytes = quotaBytes
        self.maxTxnOperations = maxTxnOperations
        self.progressNotifyInterval = progressNotifyInterval
        self.leaseCheckInterval = leaseCheckInterval
        self.minimumLeaseTTL = minimumLeaseTTL
        self.snapshotThresholdBytes = snapshotThresholdBytes
        self.autoCompaction = autoCompaction
        self.syncDelay = syncDelay
    }

    /// The quota in force: the configured one, or etcd's 2 GiB default.
    var effectiveQuotaBytes: Int64 { quotaBytes > 0 ? quotaBytes : 2 << 30 }

    /// The largest lease TTL etcd accepts, in seconds.
    static let maximumLeaseTTL: Int64 = 9_000_000_000
}
