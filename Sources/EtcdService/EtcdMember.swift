public import EtcdWire
public import StoreCore

/// Who this server is in etcd's terms: the IDs and URLs every response header and membership
/// answer carries.
public struct EtcdMember: Sendable {
    /// The cluster's ID.
    public var clusterID: UInt64
    /// This member's ID.
    public var memberID: UInt64
    /// The member's human-readable name.
    public var name: String
    /// URLs clients reach this member at.
    public var clientURLs: [String]
    /// URLs peers would reach this member at (brain has no raft peers; reported for tools).
    public var peerURLs: [String]
    /// The etcd server version reported by Status; clients switch features on by it.
    public var serverVersion: String
    /// The term reported in headers: brain has no elections, so it counts the member's starts.
    public var raftTerm: UInt64
    /// The store's nodes when several share it: their shared cluster ID and leadership term, when
    /// known, replace ``clusterID`` and ``raftTerm`` in answers.
    public var membership: (any StoreMembership)?

    /// The cluster ID answers carry.
    var currentClusterID: UInt64 { membership?.clusterID ?? clusterID }
    /// The raft term answers carry.
    var currentTerm: UInt64 { membership?.term ?? raftTerm }

    public init(
        clusterID: UInt64,
        memberID: UInt64,
        name: String,
        clientURLs: [String],
        peerURLs: [String] = [],
        serverVersion: String = "3.5.17",
        raftTerm: UInt64 = 1
    ) {
        self.clusterID = clusterID
        self.memberID = memberID
        self.name = name
        self.clientURLs = clientURLs
        self.peerURLs = peerURLs
        self.serverVersion = serverVersion
        self.raftTerm = raftTerm
    }

    /// A top-level response header at `revision`.
    public func header(_ revision: Revision) -> Etcdserverpb_ResponseHeader {
        var header = Etcdserverpb_ResponseHeader()
        header.clusterID = currentClusterID
        header.memberID = memberID
        header.revision = revision
        header.raftTerm = currentTerm
        return header
    }

    /// The member as etcd's `Member` message.
    var wire: Etcdserverpb_Member {
        var member = Etcdserverpb_Member()
        member.id = memberID
        member.name = name
        member.peerUrls = peerURLs
        member.clientUrls = clientURLs
        return member
    }
}
