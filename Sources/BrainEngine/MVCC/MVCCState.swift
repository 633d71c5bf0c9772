import Foundation
import StoreCore

/// Brain's multi-version key space in memory: the index of every key's history, the revision
/// counters, the change log that watchers replay, and the leases with their keys.
///
/// A pure value: no locks, no I/O, no clocks beyond the instants handed in. ``BrainStore`` owns one
/// behind a mutex, logs each ``Commit`` before acknowledging it, and replays commits on recovery
/// through the same ``apply(_:)`` path that live writes take.
struct MVCCState: Sendable {
    /// One change in the log, in revision order.
    struct LoggedChange: Sendable {
        var revision: Revision
        var key: Data
    }

    private(set) var index = KeyIndex()
    /// The newest revision, including writes not yet durable.
    private(set) var currentRevision: Revision = 1
    /// Reads before this revision fail with ``StoreError/compacted``.
    private(set) var compactRevision: Revision = 0
    /// Changes after the compact revision, oldest first.
    private(set) var changeLog: [LoggedChange] = []
    /// Live leases by ID.
    var leases: [LeaseID: LeaseRecord] = [:]

    // MARK: Reads

    /// Checks that `revision` (0 meaning `current`) can be read, and resolves it.
    func readableRevision(_ revision: Revision, current: Revision) throws(StoreError) -> Revision {
        if revision <= 0 { return current }
        if revision > current { throw .futureRevision }
        if revision < compactRevision { throw .compacted }
        return revision
    }

    /// Serves a range read as etcd does, seeing revisions up to `current`.
    func range(_ request: RangeRequest, current: Revision) throws(StoreError) -> RangeResponse {
        let revision = try readableRevision(request.revision, current: current)
        return index.range(request, at: revision, current: current)
    }

    /// The live pairs of a range at the newest revision.
    func liveKeyValues(in range: KeyRange) -> [KeyValue] {
        var result: [KeyValue] = []
        index.forEach(in: range) { key, history in
            if let live = history.live { result.append(live.keyValue(key: key)) }
            return true
        }
        return result
    }

    /// The newest live pair of `key`.
    func liveKeyValue(_ key: Data) -> KeyValue? {
        index.history(of: key)?.live?.keyValue(key: key)
    }

    // MARK: Writes

    /// Applies a logged or freshly built commit: the only way the key space changes.
    /// - Returns: the events of the commit, each with its previous pair.
    @discardableResult
    mutating func apply(_ commit: Commit) -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(commit.changes.count)
        for change in commit.changes {
            events.append(applyChange(change, at: commit.revision))
        }
        if commit.revision > currentRevision { currentRevision = commit.revision }
        return events
    }

    mutating func applyChange(_ change: Change, at revision: Revision) -> Event {
        let key = change.key
        var previous: KeyValue?
        let entry: KeyHistory.Entry
        switch change.kind {
        case .put(let kv):
            entry = KeyHistory.Entry(
                modRevision: revision,
                createRevision: kv.createRevision,
                version: kv.version,
                value: kv.value,
                lease: kv.lease,
                isTombstone: false
            )
        case .delete:
            entry = KeyHistory.Entry(
                modRevision: revision, createRevision: 0, version: 0, value: Data(), lease: 0, isTombstone: true)
        }
        index.update(key, create: { KeyHistory(entry) }) { history in
            previous = history.live?.keyValue(key: key)
            history.entries.append(entry)
        }
        if let oldLease = previous?.lease, oldLease != 0 { leases[oldLease]?.keys.remove(key) }
        if entry.lease != 0 { leases[entry.lease]?.keys.insert(key) }
        changeLog.append(LoggedChange(revision: revision, key: key))
        let kind: Event.Kind = entry.isTombstone ? .delete : .put
        return Event(kind: kind, kv: entry.keyValue(key: key), prevKV: previous)
    }

    // MARK: Compaction

    /// Drops history before `revision`.
    /// - Throws: ``StoreError/compacted`` when already compacted that far,
    ///   ``StoreError/futureRevision`` past the newest revision.
    mutating func compact(to revision: Revision) throws(StoreError) {
        if revision <= compactRevision { throw .compacted }
        if revision > currentRevision { throw .futureRevision }
        applyCompaction(to: revision)
    }

    /// Drops history before `revision` without checks (recovery replays validated compactions).
    mutating func applyCompaction(to revision: Revision) {
        guard revision > compactRevision else { return }
        let through = changeLog.firstIndex { $0.revision > revision } ?? changeLog.count
        var touched = Set<Data>()
        for change in changeLog[..<through] where touched.insert(change.key).inserted {
            index.update(change.key, create: { nil }) { history in
                _ = history.compact(at: revision)
            }
        }
        // The changes made at the compaction point itself stay in the log: a watch may still start
        // there, and etcd replays them (those whose entry survived, so not deletions).
        changeLog.removeFirst(changeLog.firstIndex { $0.revision >= revision } ?? changeLog.count)
        compactRevision = revision
    }

    /// Marks `revision` as the newest after a transaction applied its changes.
    mutating func advance(to revision: Revision) {
        currentRevision = max(currentRevision, revision)
    }

    /// Restores the counters after loading a snapshot.
    mutating func restoreRevisions(current: Revision, compact: Revision) {
        currentRevision = max(currentRevision, current)
        compactRevision = compact
    }

    /// Restores one key's history after loading a snapshot (keys arrive in order).
    mutating func restore(key: Data, history: KeyHistory) {
        index.update(key, create: { history }) { $0 = history }
        if let live = history.live, live.lease != 0 { leases[live.lease]?.keys.insert(key) }
    }

    /// Restores the change log after loading a snapshot.
    mutating func restore(changeLog: [LoggedChange]) {
        self.changeLog = changeLog
    }

    // MARK: Watch replay

    /// The events after `start` (inclusive) up to `end` (inclusive) on keys in `range`, with
    /// their previous pairs, in revision order.
    func events(in range: KeyRange, from start: Revision, through end: Revision) -> [Event] {
        var low = 0
        var high = changeLog.count
        while low < high {
            let mid = (low + high) / 2
            if changeLog[mid].revision < start { low = mid + 1 } else { high = mid }
        }
        var events: [Event] = []
        for change in changeLog[low...] {
            if change.revision > end { break }
            guard range.contains(change.key), let history = index.history(of: change.key),
                let entry = history.entries.last(where: { $0.modRevision == change.revision })
            else { continue }
            let previous = history.entry(before: change.revision).flatMap { $0.isTombstone ? nil : $0 }
            events.append(
                Event(
                    kind: entry.isTombstone ? .delete : .put,
                    kv: entry.keyValue(key: change.key),
                    prevKV: previous?.keyValue(key: change.key)
                ))
        }
        return events
    }
}
