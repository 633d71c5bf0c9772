/// A request to watch a key or range.
public struct WatchCreateRequest: Sendable, Hashable {
    public var range: KeyRange
    /// The first revision to deliver (inclusive); 0 means "from the next write".
    public var startRevision: Revision
    /// Send empty responses now and then so an idle watcher learns the store's progress.
    public var progressNotify: Bool
    /// Drop put events.
    public var filterPuts: Bool
    /// Drop delete events.
    public var filterDeletes: Bool
    /// Attach the previous pair to each event.
    public var prevKV: Bool
    /// The ID the client chose, or 0 to let the store choose.
    public var watchID: WatchID
    /// Split revisions too large for one response over several.
    public var fragment: Bool

    public init(
        range: KeyRange,
        startRevision: Revision = 0,
        progressNotify: Bool = false,
        filterPuts: Bool = false,
        filterDeletes: Bool = false,
        prevKV: Bool = false,
        watchID: WatchID = 0,
        fragment: Bool = false
    ) {
        self.range = range
        self.startRevision = startRevision
        self.progressNotify = progressNotify
        self.filterPuts = filterPuts
        self.filterDeletes = filterDeletes
        self.prevKV = prevKV
        self.watchID = watchID
        self.fragment = fragment
    }
}
