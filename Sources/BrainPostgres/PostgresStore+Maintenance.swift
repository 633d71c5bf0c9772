public import Foundation
import PostgresNIO
import Synchronization
public import StoreCore

extension PostgresStore: StoreMaintenance {
    public func status() async throws -> StoreStatus {
        let watchers = watchHub.watcherCount
        let alarms = self.alarms
        return try await database { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT m.revision, m.compact_revision, pg_total_relation_size('brain_kv')
                FROM brain_meta m WHERE m.id = 1
                """, logger: logger)
            for try await (revision, compact, size) in rows.decode((Int64, Int64, Int64).self) {
                // The key count would need a scan of brain_kv; it is not reported yet.
                return StoreStatus(
                    revision: revision, compactRevision: compact, sizeInBytes: size, sizeInUseBytes: size,
                    commitIndex: UInt64(revision), keyCount: 0, watcherCount: watchers, alarms: alarms)
            }
            throw StoreError.unavailable("etcdserver: postgres: brain_meta row missing")
        }
    }

    /// Raises an alarm on this node (alarms are not shared between nodes yet).
    public func activate(_ alarm: Alarm) async throws {
        alarmSet.withLock { _ = $0.insert(alarm) }
    }

    /// Disarms an alarm on this node.
    public func deactivate(_ alarm: Alarm) async throws {
        alarmSet.withLock { _ = $0.remove(alarm) }
    }

    /// PostgreSQL reclaims the space of deleted rows itself (autovacuum); nothing to do.
    public func defragment() async throws {}

    public func hashKV(revision: Revision) async throws -> (hash: UInt32, revision: Revision, compactRevision: Revision) {
        throw StoreError.unavailable("etcdserver: HashKV is not supported on the postgres backend yet")
    }

    public func writeEtcdSnapshot(to url: URL) async throws -> Revision {
        throw StoreError.unavailable("etcdserver: snapshots are not supported on the postgres backend yet")
    }

    /// The alarms raised on this node.
    public var alarms: Set<Alarm> { alarmSet.withLock { $0 } }
}
