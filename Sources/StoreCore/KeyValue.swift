public import Foundation

/// A key with its value and the MVCC bookkeeping etcd reports for it.
public struct KeyValue: Sendable, Hashable {
    /// The key bytes.
    public var key: Data
    /// The revision of the write that created the key (after its last deletion).
    public var createRevision: Revision
    /// The revision of the latest write to the key.
    public var modRevision: Revision
    /// How many times the key was written since it was created; a deletion resets it to zero.
    public var version: Int64
    /// The value bytes.
    public var value: Data
    /// The lease the key is attached to, or 0.
    public var lease: LeaseID

    /// Creates a key-value pair.
    public init(
        key: Data,
        createRevision: Revision = 0,
        modRevision: Revision = 0,
        version: Int64 = 0,
        value: Data = Data(),
        lease: LeaseID = 0
    ) {
        self.key = key
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.value = value
        self.lease = lease
    }
}
