public import Foundation
public import StoreCore
import Synchronization

extension BrainStore {
    /// The store's durable state in etcd's snapshot format: what `etcdctl snapshot save` receives
    /// and `etcdctl snapshot restore` accepts, the way back from brain to etcd.
    public func etcdSnapshot() -> EtcdSnapshot {
        let (mvcc, readable) = state.withLock { ($0.mvcc, $0.readableRevision) }
        return Self.etcdSnapshot(of: mvcc, upTo: readable)
    }

    public func writeEtcdSnapshot(to url: URL) async throws -> Revision {
        let snapshot = etcdSnapshot()
        try snapshot.write(to: url)
        return snapshot.revision
    }

    static func etcdSnapshot(of mvcc: MVCCState, upTo readable: Revision) -> EtcdSnapshot {
        // Sub-revisions: the order of changes within a revision, known from the change log for
        // revisions after the compaction point and by key order before it.
        var subRevisions: [Data: [Revision: Int64]] = [:]
        var previous: Revision = -1
        var next: Int64 = 0
        for change in mvcc.changeLog {
            if change.revision != previous {
                previous = change.revision
                next = 0
            }
            subRevisions[change.key, default: [:]][change.revision] = next
            next += 1
        }
        var fallback: [Revision: Int64] = [:]
        var records: [EtcdSnapshotRecord] = []
        mvcc.index.forEach { key, history in
            for entry in history.entries where entry.modRevision <= readable {
                let sub: Int64
                if let known = subRevisions[key]?[entry.modRevision] {
                    sub = known
                } else {
                    sub = fallback[entry.modRevision, default: 0]
                    fallback[entry.modRevision] = sub + 1
                }
                records.append(
                    EtcdSnapshotRecord(
                        revision: entry.modRevision, subRevision: sub, isTombstone: entry.isTombstone,
                        // etcd stores a deletion's value as a key-value with the key alone.
                        keyValue: entry.isTombstone ? KeyValue(key: key) : entry.keyValue(key: key)))
            }
        }
        records.sort { ($0.revision, $0.subRevision) < ($1.revision, $1.subRevision) }
        let leases = mvcc.leases.values.sorted { $0.id < $1.id }.map { EtcdSnapshotLease(id: $0.id, ttl: $0.ttl) }
        return EtcdSnapshot(
            records: records, leases: leases, compactRevision: mvcc.compactRevision,
            consistentIndex: UInt64(max(readable, 0)))
    }

    /// Fills an empty brain data directory with the content of an etcd snapshot (from
    /// `etcdctl snapshot save` or brain's own), so a store can start from it.
    /// - Returns: false, changing nothing, when the directory already holds data.
    /// - Throws: ``StoreError/unavailable(_:)`` if the directory cannot be read or written.
    @discardableResult
    public static func restore(_ snapshot: EtcdSnapshot, into directory: URL) async throws(StoreError) -> Bool {
        let backend = try FileBackend(directory: directory)
        let existing = try backend.recover()
        guard existing.image == nil, existing.groups.isEmpty else {
            await backend.close()
            return false
        }
        var mvcc = MVCCState()
        var index = 0
        let records = snapshot.records.sorted { ($0.revision, $0.subRevision) < ($1.revision, $1.subRevision) }
        let now = ContinuousClock.now
        for lease in snapshot.leases {
            mvcc.leases[lease.id] = LeaseRecord(id: lease.id, ttl: lease.ttl, deadline: now + .seconds(lease.ttl))
        }
        while index < records.count {
            let revision = records[index].revision
            var changes: [Change] = []
            while index < records.count && records[index].revision == revision {
                let record = records[index]
                changes.append(
                    Change(kind: record.isTombstone ? .delete(record.keyValue.key) : .put(record.keyValue)))
                index += 1
            }
            mvcc.apply(Commit(revision: revision, changes: changes))
        }
        mvcc.applyCompaction(to: snapshot.compactRevision)
        mvcc.advance(to: snapshot.revision)
        do {
            try await backend.writeSnapshot(StateImage(ticket: existing.lastTicket, state: mvcc))
        } catch {
            await backend.close()
            throw error
        }
        await backend.close()
        return true
    }
}
