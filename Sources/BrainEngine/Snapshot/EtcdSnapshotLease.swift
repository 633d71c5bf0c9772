public import StoreCore

/// A lease as etcd persists it in the backend's `lease` bucket (`leasepb.Lease`).
///
/// Only the granted TTL is stored, not the expiry: etcd restarts every lease's clock when it loads
/// the backend (or when a member becomes leader), so a restored lease lives for a full TTL.
public struct EtcdSnapshotLease: Hashable, Sendable {
    /// The lease id; never 0.
    public var id: LeaseID
    /// The TTL the lease was granted with, in seconds.
    public var ttl: Int64
    /// The remaining TTL in seconds saved by etcd's lease checkpointing, or 0 when not checkpointed.
    public var remainingTTL: Int64

    /// Creates a lease record.
    /// - Parameters:
    ///   - id: The lease id.
    ///   - ttl: The granted TTL in seconds.
    ///   - remainingTTL: The checkpointed remaining TTL in seconds, or 0.
    public init(id: LeaseID, ttl: Int64, remainingTTL: Int64 = 0) {
        self.id = id
        self.ttl = ttl
        self.remainingTTL = remainingTTL
    }
}
