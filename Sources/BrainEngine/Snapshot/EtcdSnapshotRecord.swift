public import StoreCore

/// One entry of etcd's MVCC history: a key's state as written at one revision.
///
/// etcd's backend keys each entry by its revision, `main` (the store revision of the transaction) and
/// `sub` (the write's position within that transaction), so the `key` bucket is the full history in
/// revision order. A deletion is a tombstone entry whose ``keyValue`` holds only the key.
public struct EtcdSnapshotRecord: Hashable, Sendable {
    /// The store revision of the write (etcd's main revision).
    public var revision: Revision
    /// The write's index within its transaction, from 0 (etcd's sub revision).
    public var subRevision: Int64
    /// Whether the entry records a deletion.
    public var isTombstone: Bool
    /// The key's state after the write: for a tombstone, only ``StoreCore/KeyValue/key`` is set.
    public var keyValue: KeyValue

    /// Creates a history entry.
    /// - Parameters:
    ///   - revision: The store revision of the write.
    ///   - subRevision: The write's index within its transaction.
    ///   - isTombstone: Whether the entry records a deletion.
    ///   - keyValue: The key's state after the write.
    public init(revision: Revision, subRevision: Int64 = 0, isTombstone: Bool = false, keyValue: KeyValue) {
        self.revision = revision
        self.subRevision = subRevision
        self.isTombstone = isTombstone
        self.keyValue = keyValue
    }
}
