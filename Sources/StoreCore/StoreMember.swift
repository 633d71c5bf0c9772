/// One node serving a store that several nodes share (brain on PostgreSQL), as etcd's
/// `MemberList` reports a member.
public struct StoreMember: Sendable, Hashable {
    /// The member's ID (etcd's member ID).
    public var id: UInt64
    /// The member's human-readable name.
    public var name: String
    /// The URLs clients reach the member at.
    public var clientURLs: [String]

    public init(id: UInt64, name: String, clientURLs: [String]) {
        self.id = id
        self.name = name
        self.clientURLs = clientURLs
    }
}
