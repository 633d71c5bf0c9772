/// The result of a ``RangeRequest``.
public struct RangeResponse: Sendable, Hashable {
    /// The revision the read was served at.
    public var revision: Revision
    /// The matching pairs (empty for count-only reads).
    public var kvs: [KeyValue]
    /// Whether the limit cut off further keys.
    public var more: Bool
    /// The number of keys in the range at that revision, before limit and filters.
    public var count: Int64

    public init(revision: Revision, kvs: [KeyValue] = [], more: Bool = false, count: Int64 = 0) {
        self.revision = revision
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}
