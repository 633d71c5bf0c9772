/// The result of granting a lease.
public struct LeaseGrantResponse: Sendable, Hashable {
    public var revision: Revision
    public var id: LeaseID
    /// The TTL the store chose, in seconds.
    public var ttl: Int64

    public init(revision: Revision, id: LeaseID, ttl: Int64) {
        self.revision = revision
        self.id = id
        self.ttl = ttl
    }
}
