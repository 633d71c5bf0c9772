public import Foundation

/// What a store knows of one lease.
public struct LeaseTimeToLiveResponse: Sendable, Hashable {
    public var revision: Revision
    public var id: LeaseID
    /// Seconds left; -1 when the lease does not exist.
    public var ttl: Int64
    /// The TTL granted (or renewed to), in seconds.
    public var grantedTTL: Int64
    /// The attached keys, when asked for.
    public var keys: [Data]

    public init(revision: Revision, id: LeaseID, ttl: Int64, grantedTTL: Int64, keys: [Data] = []) {
        self.revision = revision
        self.id = id
        self.ttl = ttl
        self.grantedTTL = grantedTTL
        self.keys = keys
    }
}
