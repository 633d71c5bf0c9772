/// A message on a watch session: a watcher created or cancelled, events, or progress.
public struct WatchResponse: Sendable, Hashable {
    /// The store revision the response reflects; for progress, every later event is newer.
    public var revision: Revision
    /// The watcher this is for; ``WatchResponse/progressWatchID`` for a session-wide progress report.
    public var watchID: WatchID
    public var created: Bool
    public var canceled: Bool
    /// Set when the watcher's start revision was compacted: the oldest revision still available.
    public var compactRevision: Revision
    public var cancelReason: String
    /// The events, in revision order.
    public var events: [Event]
    /// Whether the watcher asked for large responses to be split into fragments.
    public var allowsFragments: Bool

    /// The watch ID etcd uses for progress responses that concern the whole session.
    public static let progressWatchID: WatchID = -1

    public init(
        revision: Revision,
        watchID: WatchID,
        created: Bool = false,
        canceled: Bool = false,
        compactRevision: Revision = 0,
        cancelReason: String = "",
        events: [Event] = [],
        allowsFragments: Bool = false
    ) {
        self.revision = revision
        self.watchID = watchID
        self.created = created
        self.canceled = canceled
        self.compactRevision = compactRevision
        self.cancelReason = cancelReason
        self.events = events
        self.allowsFragments = allowsFragments
    }
}
