import Foundation
public import StoreCore

/// Every watcher of a store, indexed so a commit finds the interested ones quickly: watchers of
/// single keys by key, range watchers in a list.
public struct WatcherRegistry: Sendable {
    public private(set) var watchers: [Watcher.Key: Watcher] = [:]
    private var byKey: [Data: Set<Watcher.Key>] = [:]
    private var rangeWatchers: Set<Watcher.Key> = []

    /// An empty registry.
    public init() {}

    public var count: Int { watchers.count }

    public func contains(_ key: Watcher.Key) -> Bool { watchers[key] != nil }

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
