public import StoreCore

/// One registered watcher: what it watches and where its responses go.
public struct Watcher: Sendable {
    /// Identifies a watcher across sessions.
    public struct Key: Hashable, Sendable {
        public var session: UInt64
        public var id: WatchID

        public init(session: UInt64, id: WatchID) {
            self.session = session
            self.id = id
        }
    }

    public var key: Key
    public var request: WatchCreateRequest
    public let sink: WatchSink
    /// Events older than this were delivered (or predate the watcher) and are skipped.
    public var nextRevision: Revision
    /// Whether anything was sent since the last progress tick.
    public var sentSinceProgress = false

    /// Creates a watcher that delivers events from `nextRevision` on.
    public init(key: Key, request: WatchCreateRequest, sink: WatchSink, nextRevision: Revision) {
        self.key = key
        self.request = request
        self.sink = sink
        self.nextRevision = nextRevision
    }

    /// Whether the watcher wants every one of `events` (then only `prevKV` shapes them).
    public func takesAll(_ events: [Event]) -> Bool {
        !request.filterPuts && !request.filterDeletes
            && events.allSatisfy { $0.kv.modRevision >= nextRevision && request.range.contains($0.kv.key) }
    }

    /// The events of `events` this watcher wants, shaped by its options.
    public func select(_ events: [Event]) -> [Event] {
        var selected: [Event] = []
        for event in events where event.kv.modRevision >= nextRevision && request.range.contains(event.kv.key) {
            if event.kind == .put && request.filterPuts { continue }
            if event.kind == .delete && request.filterDeletes { continue }
            var shaped = event
            if !request.prevKV { shaped.prevKV = nil }
            selected.append(shaped)
        }
        return selected
    }
}
