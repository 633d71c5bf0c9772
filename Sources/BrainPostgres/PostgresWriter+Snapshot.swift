import Foundation
import Logging
import PostgresNIO
import StoreCore

/// A batch in two statements instead of a transaction's five round trips (`BEGIN`, the lock,
/// the read-ahead, the `INSERT`, `COMMIT`): one reads the revision and the footprint's keys and
/// leases from one snapshot, the requests run on that state in memory, and one statement writes
/// their changes only if the store is still at the revision read and the fence still holds the
/// leadership (``PostgresWriter/commitIfUnchanged(fence:)``).
///
/// Only the leader writes, one batch at a time, so the revision rarely moves in between; when it
/// did, or a request needs a statement of its own (a range read, a lease revocation, a
/// compaction), nothing was written and the batch runs again in a transaction.
extension PostgresWriter {
    /// A writer without a transaction, on the state of one snapshot holding the revision and the
    /// newest state of the footprint's keys and leases; nil when the footprint is too large for
    /// one statement.
    static func snapshot(of footprint: WriteFootprint, on connection: PostgresConnection, logger: Logger) async throws -> PostgresWriter? {
        guard footprint.keys.count <= valuesPerStatement, footprint.leases.count <= valuesPerStatement else { return nil }
        var bindings = PostgresBindings()
        var sql = """
            SELECT 0, NULL::bytea, revision, compact_revision, 0::bigint, NULL::bytea, 0::bigint, false
            FROM brain_meta WHERE id = 1
            """
        let keys = Array(footprint.keys)
        if !keys.isEmpty {
            for key in keys { try bindings.append(key) }
            sql += "\nUNION ALL SELECT 1, * FROM (\(newestRows(keys: 1...keys.count))) newest"
        }
        if !footprint.leases.isEmpty {
            let first = bindings.count
            for lease in footprint.leases { bindings.append(lease) }
            let list = (first + 1...bindings.count).map { "$\($0)" }.joined(separator: ", ")
            sql += "\nUNION ALL SELECT 2, NULL, id, 0, 0, NULL, 0, false FROM brain_lease WHERE id IN (\(list))"
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var meta: (revision: Revision, compact: Revision)?
        var newest: [Data: KeyValue?] = [:]
        var knownLeases: [LeaseID: Bool] = [:]
        for key in keys { newest[key] = .some(nil) }
        for lease in footprint.leases { knownLeases[lease] = false }
        for try await (kind, key, first, second, version, value, lease, deleted) in rows.decode(
            (Int32, Data?, Int64, Int64, Int64, Data?, Int64, Bool).self)
        {
            switch kind {
            case 0: meta = (first, second)
            case 1:
                guard let key, !deleted else { continue }
                newest[key] = KeyValue(
                    key: key, createRevision: first, modRevision: second, version: version, value: value ?? Data(), lease: lease)
            default: knownLeases[first] = true
            }
        }
        guard let meta else { throw StoreError.unavailable("etcdserver: postgres: brain_meta row missing") }
        let writer = PostgresWriter(
            connection: connection, logger: logger, current: meta.revision, compactRevision: meta.compact, inTransaction: false)
        writer.newest = newest
        writer.knownLeases = knownLeases
        return writer
    }

    /// Writes the batch's changes and the new revision in one statement, if the store is still
    /// at the revision and compact revision the snapshot read and `fence` still holds the
    /// leadership: the `brain_leader` row is locked and the `brain_meta` row updated, as a
    /// transaction locks them, so a takeover waits for the statement and a statement after a
    /// takeover writes nothing. True when written, or when the batch changed nothing; false when
    /// nothing was written and the batch must run in a transaction.
    func commitIfUnchanged(fence: Fence) async throws -> Bool {
        endRequest()
        guard current > started else { return true }
        guard unsent.count <= Self.rowsPerInsert else { return false }
        let statement = ConditionalCommit(fence: fence, started: started, compactRevision: compactRevision, revision: current, changes: unsent)
        var written = false
        for try await count in try await connection.execute(statement, logger: logger) { written = count == 1 }
        if written { unsent = [] }
        return written
    }
}

/// The statement of ``PostgresWriter/commitIfUnchanged(fence:)``, prepared once per connection:
/// its text is the same for every batch (the changes are bound as one array per column), so
/// PostgreSQL parses and plans it once instead of once per batch.
struct ConditionalCommit: PostgresPreparedStatement {
    static let sql = """
        WITH fenced AS (
            SELECT 1 FROM brain_leader WHERE id = 1 AND node = $1 AND epoch = $2 FOR UPDATE),
        published AS (
            UPDATE brain_meta SET revision = $5
            WHERE id = 1 AND revision = $3 AND compact_revision = $4 AND EXISTS (SELECT 1 FROM fenced)
            RETURNING id),
        inserted AS (
            INSERT INTO brain_kv (\(PostgresWriter.changeColumns))
            \(PostgresWriter.changeRows(firstParameter: 6)) WHERE EXISTS (SELECT 1 FROM published))
        SELECT count(*) FROM published
        """

    var fence: PostgresWriter.Fence
    var started: Revision
    var compactRevision: Revision
    var revision: Revision
    var changes: [(kv: KeyValue, sub: Int32, deleted: Bool)]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 13)
        bindings.append(Int64(bitPattern: fence.member))
        bindings.append(fence.epoch)
        bindings.append(started)
        bindings.append(compactRevision)
        bindings.append(revision)
        PostgresWriter.bindColumns(of: changes, to: &bindings)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }
}
