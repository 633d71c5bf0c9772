public import Foundation
import BrainEngine
import PostgresNIO
public import StoreCore

extension PostgresStore: StoreMaintenance {
    public func status() async throws -> StoreStatus {
        let watchers = watchHub.watcherCount
        let alarms = self.alarms
        // The read cache holds every live key; without it, counting would scan brain_kv: 0.
        let keys = readCache?.keyCount ?? 0
        return try await database { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT m.revision, m.compact_revision, pg_total_relation_size('brain_kv')
                FROM brain_meta m WHERE m.id = 1
                """, logger: logger)
            for try await (revision, compact, size) in rows.decode((Int64, Int64, Int64).self) {
                return StoreStatus(
                    revision: revision, compactRevision: compact, sizeInBytes: size, sizeInUseBytes: size,
                    commitIndex: UInt64(revision), keyCount: keys, watcherCount: watchers, alarms: alarms)
            }
            throw StoreError.unavailable("etcdserver: postgres: brain_meta row missing")
        }
    }

    /// PostgreSQL reclaims the space of deleted rows itself (autovacuum); nothing to do.
    public func defragment() async throws {}

    /// etcd's `HashKV` value at `revision` (0: the current one): the same hash as etcd's and
    /// the embedded engine's over the same history, read in one database snapshot.
    public func hashKV(revision: Revision) async throws -> (hash: UInt32, revision: Revision, compactRevision: Revision) {
        let (snapshot, current) = try await self.etcdSnapshot(upTo: revision)
        return (snapshot.hashKV, current, snapshot.compactRevision)
    }

    /// Writes the current history and leases as an etcd snapshot file (`etcdctl snapshot save`),
    /// read in one database snapshot; returns its revision.
    public func writeEtcdSnapshot(to url: URL) async throws -> Revision {
        let (snapshot, _) = try await self.etcdSnapshot(upTo: 0)
        try snapshot.write(to: url)
        return snapshot.revision
    }

    /// The history up to `revision` (0: the current one) and the live leases as an etcd snapshot,
    /// with the store's current revision, all from one repeatable-read transaction.
    private func etcdSnapshot(upTo revision: Revision) async throws -> (snapshot: EtcdSnapshot, current: Revision) {
        try await self.read { [logger] reader in
            if revision > reader.current { throw StoreError.futureRevision }
            if revision > 0 && revision < reader.compactRevision { throw StoreError.compacted }
            let upTo = revision == 0 ? reader.current : revision
            var records: [EtcdSnapshotRecord] = []
            let rows = try await reader.connection.query(
                """
                SELECT key, mod_revision, sub, create_revision, version, value, lease, deleted FROM brain_kv
                WHERE mod_revision <= \(upTo) ORDER BY mod_revision, sub
                """, logger: logger)
            for try await (key, mod, sub, create, version, value, lease, deleted) in rows.decode(
                (Data, Int64, Int32, Int64, Int64, Data, Int64, Bool).self)
            {
                records.append(
                    EtcdSnapshotRecord(
                        revision: mod, subRevision: Int64(sub), isTombstone: deleted,
                        // etcd stores a deletion as a key-value with the key alone.
                        keyValue: deleted
                            ? KeyValue(key: key)
                            : KeyValue(
                                key: key, createRevision: create, modRevision: mod, version: version, value: value,
                                lease: lease)))
            }
            var leases: [EtcdSnapshotLease] = []
            let leaseRows = try await reader.connection.query("SELECT id, ttl FROM brain_lease ORDER BY id", logger: logger)
            for try await (id, ttl) in leaseRows.decode((Int64, Int64).self) {
                leases.append(EtcdSnapshotLease(id: id, ttl: ttl))
            }
            let snapshot = EtcdSnapshot(
                records: records, leases: leases, compactRevision: reader.compactRevision,
                consistentIndex: UInt64(max(upTo, 0)))
            return (snapshot, reader.current)
        }
    }
}
