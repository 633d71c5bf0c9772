/// A store's vital numbers, as etcd's Maintenance Status reports them.
public struct StoreStatus: Sendable, Hashable {
    /// The newest readable revision.
    public var revision: Revision
    /// The revision history starts at.
    public var compactRevision: Revision
    /// Bytes on disk.
    public var sizeInBytes: Int64
    /// Bytes on disk holding live history (an estimate).
    public var sizeInUseBytes: Int64
    /// The number of durable log groups: a monotonically increasing commit index.
    public var commitIndex: UInt64
    /// The number of keys in the index (live or with history).
    public var keyCount: Int
    /// The number of watchers.
    public var watcherCount: Int
    /// The raised alarms.
    public var alarms: Set<Alarm>

    public init(
        revision: Revision, compactRevision: Revision, sizeInBytes: Int64, sizeInUseBytes: Int64,
        commitIndex: UInt64, keyCount: Int, watcherCount: Int, alarms: Set<Alarm>
    ) {
        self.revision = revision
        self.compactRevision = compactRevision
        self.sizeInBytes = sizeInBytes
        self.sizeInUseBytes = sizeInUseBytes
        self.commitIndex = commitIndex
        self.keyCount = keyCount
        self.watcherCount = watcherCount
        self.alarms = alarms
    }
}
