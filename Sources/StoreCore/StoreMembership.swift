/// The nodes of a store that several nodes serve together, and which of them orders the writes.
///
/// A single-node store (brain's embedded engine) does not implement it: that node is the only
/// member and the leader.
public protocol StoreMembership: Sendable {
    /// The live members, ordered by ID.
    func members() async throws -> [StoreMember]
    /// The ID of the member that orders writes, as this node last saw it; nil when none does.
    var leaderID: UInt64? { get }
    /// The cluster ID all nodes of the store share; nil while unknown.
    var clusterID: UInt64? { get }
    /// The current leadership term (it grows with every change of leader); nil while unknown.
    var term: UInt64? { get }
}
