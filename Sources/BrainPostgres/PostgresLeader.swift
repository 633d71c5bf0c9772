/// The `brain_leader` row as a node last read it: who orders writes and under which epoch.
struct PostgresLeader: Sendable, Hashable {
    /// The leader's member ID.
    var id: UInt64
    /// Where followers reach the leader's etcd API.
    var clientURLs: [String]
    /// The fencing token: bumped at every takeover, checked by every write transaction.
    var epoch: Int64
}
