import StoreCore

/// One registered watcher: what it watches and where its responses go.
struct Watcher: Sendable {
    /// Identifies a watcher across sessions.
    struct Key: Hashable, Sendable {
        var session: UInt64
        var id: WatchID
    }

    var key: Key
    var request: WatchCreateRequest
    let sink: WatchSink
    /// Events older than this were delivered (or predate the watcher) and are skipped.
    var nextRevision: Revision
    /// Whether anything was sent since the last progress tick.
    var sentSinceProgress = false

    /// Whether the watcher wants every one of `events` (then only `prevKV` shapes them).
    func takesAll(_ events: [Event]) -> Bool {
        !request.filterPuts && !request.filterDeletes
            && events.allSatisfy { $0.kv.modRevision >= nextRevision && request.range.contains($0.kv.key) }
    }

    /// The events of `events` this watcher wants, shaped by its options.
    func select(_ events: [Event]) -> [Event] {
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
