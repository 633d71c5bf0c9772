import Foundation
import StoreCore

/// The revisions of one key still in history, oldest first.
///
/// A key that was deleted ends with a tombstone; a key written again after a deletion starts a new
/// generation (its create revision restarts).
struct KeyHistory: Sendable {
    /// One write to the key.
    struct Entry: Sendable {
        var modRevision: Revision
        var createRevision: Revision
        var version: Int64
        var value: Data
        var lease: LeaseID
        var isTombstone: Bool
    }

    var entries: [Entry]

    init(_ entry: Entry) {
        entries = [entry]
    }

    /// The newest entry at or before `revision`, if any.
    func entry(atOrBefore revision: Revision) -> Entry? {
        var index = entries.count - 1
        while index >= 0 {
            if entries[index].modRevision <= revision { return entries[index] }
            index -= 1
        }
        return nil
    }

    /// The entry just before the one written at `revision`, if it is still in history.
    func entry(before revision: Revision) -> Entry? {
        var index = entries.count - 1
        while index >= 0 {
            if entries[index].modRevision < revision { return entries[index] }
            index -= 1
        }
        return nil
    }

    /// The live pair at `revision`, or nil when the key did not exist then.
    func liveKeyValue(key: Data, at revision: Revision) -> KeyValue? {
        guard let entry = entry(atOrBefore: revision), !entry.isTombstone else { return nil }
        return entry.keyValue(key: key)
    }

    /// The newest entry when it is live.
    var live: Entry? {
        guard let last = entries.last, !last.isTombstone else { return nil }
        return last
    }

    /// Drops entries that no read at or after `revision` can see.
    ///
    /// Keeps the newest entry at or before `revision` unless it is a tombstone, and every later
    /// entry. Returns false when nothing remains, so the key can leave the index.
    mutating func compact(at revision: Revision) -> Bool {
        guard let keep = entries.lastIndex(where: { $0.modRevision <= revision }) else { return true }
        let dropCount = entries[keep].isTombstone ? keep + 1 : keep
        if dropCount > 0 { entries.removeFirst(dropCount) }
        return !entries.isEmpty
    }
}

extension KeyHistory.Entry {
    /// The entry as etcd reports it: a tombstone carries only the key and the deleting revision.
    func keyValue(key: Data) -> KeyValue {
        if isTombstone { return KeyValue(key: key, modRevision: modRevision) }
        return KeyValue(
            key: key,
            createRevision: createRevision,
            modRevision: modRevision,
            version: version,
            value: value,
            lease: lease
        )
    }
}
