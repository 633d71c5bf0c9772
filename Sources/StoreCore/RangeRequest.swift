/// A read of the keys in a range, at the newest or at a past revision.
public struct RangeRequest: Sendable, Hashable {
    /// Order of the returned keys.
    public enum SortOrder: Sendable, Hashable {
        /// Key order, as stored.
        case none
        /// Lowest target value first.
        case ascend
        /// Highest target value first.
        case descend
    }

    /// The field the keys are sorted by.
    public enum SortTarget: Sendable, Hashable {
        case key, version, createRevision, modRevision, value
    }

    /// The keys to read.
    public var range: KeyRange
    /// At most this many keys are returned; 0 means no limit.
    public var limit: Int64
    /// The revision to read at; 0 or less means the newest.
    public var revision: Revision
    public var sortOrder: SortOrder
    public var sortTarget: SortTarget
    /// Whether a member-local (possibly stale) read is acceptable.
    public var serializable: Bool
    /// Return keys without values.
    public var keysOnly: Bool
    /// Return only the count.
    public var countOnly: Bool
    /// Filters on mod and create revision; 0 means no bound.
    public var minModRevision: Revision
    public var maxModRevision: Revision
    public var minCreateRevision: Revision
    public var maxCreateRevision: Revision

    /// Creates a range request; every option defaults to etcd's default.
    public init(
        range: KeyRange,
        limit: Int64 = 0,
        revision: Revision = 0,
        sortOrder: SortOrder = .none,
        sortTarget: SortTarget = .key,
        serializable: Bool = false,
        keysOnly: Bool = false,
        countOnly: Bool = false,
        minModRevision: Revision = 0,
        maxModRevision: Revision = 0,
        minCreateRevision: Revision = 0,
        maxCreateRevision: Revision = 0
    ) {
        self.range = range
        self.limit = limit
        self.revision = revision
        self.sortOrder = sortOrder
        self.sortTarget = sortTarget
        self.serializable = serializable
        self.keysOnly = keysOnly
        self.countOnly = countOnly
        self.minModRevision = minModRevision
        self.maxModRevision = maxModRevision
        self.minCreateRevision = minCreateRevision
        self.maxCreateRevision = maxCreateRevision
    }

    /// Whether any of the revision filters is set.
    public var hasRevisionFilters: Bool {
        minModRevision != 0 || maxModRevision != 0 || minCreateRevision != 0 || maxCreateRevision != 0
    }
}
