/// The result of a ``DeleteRangeRequest``.
public struct DeleteRangeResponse: Sendable, Hashable {
    /// The store revision after the deletion (unchanged when nothing was deleted).
    public var revision: Revision
    /// How many keys were deleted.
    public var deleted: Int64
    /// The deleted pairs, when asked for.
    public var prevKVs: [KeyValue]

    public init(revision: Revision, deleted: Int64 = 0, prevKVs: [KeyValue] = []) {
        self.revision = revision
        self.deleted = deleted
        self.prevKVs = prevKVs
    }
}
