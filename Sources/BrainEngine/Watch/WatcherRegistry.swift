import Foundation
public import StoreCore

/// Every watcher of a store, indexed so a commit finds the interested ones quickly: watchers of
/// single keys by key, range watchers in a list.
public struct WatcherRegistry: Sendable {
    public private(set) var watchers: [Watcher.Key: Watcher] = [:]
    private var byKey: [Data: Set<Watcher.Key>] = [:]
    private var rangeWatchers: Set<Watcher.Key> = []
    /// The next watch ID each session gets when it asks for none.
    private var nextIDs: [UInt64: WatchID] = [:]

    /// An empty registry.
    public init() {}

    public var count: Int { watchers.count }

    public func contains(_ key: Watcher.Key) -> Bool { watchers[key] != nil }

    /// The ID a new watcher of `session` gets: `requested`, or the session's next free one when
    /// that is 0; `nil` when `requested` is already taken (etcd refuses the watch).
    public mutating func assignID(_ requested: WatchID, session: UInt64) -> WatchID? {
        guard requested == 0 else {
            return self.contains(Watcher.Key(session: session, id: requested)) ? nil : requested
        }
        var id = nextIDs[session, default: 0]
        while self.contains(Watcher.Key(session: session, id: id)) { id += 1 }
        nextIDs[session] = id + 1
        return id
    }

    public mutating func add(_ watcher: Watcher) {
        watchers[watcher.key] = watcher
        if watcher.request.range.isSingleKey {
            byKey[watcher.request.range.start, default: []].insert(watcher.key)
        } else {
            rangeWatchers.insert(watcher.key)
        }
    }

    @discardableResult
    public mutating func remove(_ key: Watcher.Key) -> Watcher? {
        guard let watcher = watchers.removeValue(forKey: key) else { return nil }
        if watcher.request.range.isSingleKey {
            let start = watcher.request.range.start
            byKey[start]?.remove(key)
            if byKey[start]?.isEmpty == true { byKey[start] = nil }
        } else {
            rangeWatchers.remove(key)
        }
        return watcher
    }

    /// Removes every watcher of a session.
    public mutating func removeSession(_ session: UInt64) {
        for key in watchers.keys where key.session == session { remove(key) }
        nextIDs[session] = nil
    }

    /// Sends each interested watcher one response with its events of a durable batch.
    public mutating func deliver(_ events: [Event], revision: Revision) {
        var interested = rangeWatchers
        for event in events {
            if let keys = byKey[event.kv.key] { interested.formUnion(keys) }
        }
        // Watchers that take every event share one of two arrays, so their events can be
        // encoded once for all of them; the one without previous values is made when first needed.
        var withoutPrevKV: [Event]?
        func stripped() -> [Event] {
            if let withoutPrevKV { return withoutPrevKV }
            let made = events.contains { $0.prevKV != nil } ? events.map { Event(kind: $0.kind, kv: $0.kv) } : events
            withoutPrevKV = made
            return made
        }
        for key in interested {
            guard var watcher = watchers[key] else { continue }
            let selected =
                watcher.takesAll(events) ? (watcher.request.prevKV ? events : stripped()) : watcher.select(events)
            if !selected.isEmpty {
                watcher.sink.send(
                    WatchResponse(
                        revision: revision, watchID: key.id, events: selected, allowsFragments: watcher.request.fragment))
                watcher.sentSinceProgress = true
            }
            watcher.nextRevision = max(watcher.nextRevision, revision + 1)
            watchers[key] = watcher
        }
    }

    /// Sends an empty progress response to every idle watcher that asked for progress reports.
    public mutating func notifyProgress(revision: Revision) {
        for (key, watcher) in watchers where watcher.request.progressNotify {
            if !watcher.sentSinceProgress {
                watcher.sink.send(WatchResponse(revision: revision, watchID: key.id))
            }
            watchers[key]?.sentSinceProgress = false
        }
    }
}

extension WatchResponse {
    /// etcd's answer to a watch created with an ID its stream already uses.
    public static func duplicateWatchID(revision: Revision) -> WatchResponse {
        WatchResponse(
            revision: revision, watchID: WatchResponse.progressWatchID, created: true, canceled: true,
            cancelReason: "mvcc: duplicate watch ID provided on the WatchStream")
    }
}
