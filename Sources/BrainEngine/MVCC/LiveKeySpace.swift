public import Foundation
public import StoreCore

/// The newest pair of every live key at one revision, in key order: a read cache that answers
/// ranges at its revision exactly as the engine does, without history.
///
/// Built from a consistent read of the live keys, then kept current by applying the store's
/// events in revision order. A copy is cheap (the sorted chunks are copy-on-write), so readers
/// can scan a copy while the next events are applied to the original.
public struct LiveKeySpace: Sendable {
    private var index = KeyIndex()
    /// Every event up to this revision is applied.
    public private(set) var revision: Revision

    /// Creates the view of `pairs` (live pairs, any order) at `revision`.
    public init(revision: Revision, pairs: [KeyValue]) {
        self.revision = revision
        for kv in pairs { put(kv) }
    }

    /// The number of live keys.
    public var count: Int { index.count }

    /// Applies the events of the revisions after ``revision`` up to `through` (events at or
    /// before ``revision`` are skipped: they are applied already), in revision order.
    public mutating func apply(_ events: some Sequence<Event>, through: Revision) {
        for event in events where event.kv.modRevision > revision {
            switch event.kind {
            case .put: put(event.kv)
            case .delete: index.update(event.kv.key, create: { nil }) { $0.entries = [] }
            }
        }
        revision = max(revision, through)
    }

    /// The live pair of `key`, or nil when it has none.
    public func pair(_ key: Data) -> KeyValue? {
        index.history(of: key)?.live?.keyValue(key: key)
    }

    /// Answers `request` (which must read the newest revision) at ``revision``, as etcd would.
    public func range(_ request: RangeRequest) -> RangeResponse {
        index.range(request, at: revision, current: revision)
    }

    private mutating func put(_ kv: KeyValue) {
        let entry = KeyHistory.Entry(
            modRevision: kv.modRevision, createRevision: kv.createRevision, version: kv.version, value: kv.value,
            lease: kv.lease, isTombstone: false)
        index.update(kv.key, create: { KeyHistory(entry) }) { $0.entries = [entry] }
    }
}
