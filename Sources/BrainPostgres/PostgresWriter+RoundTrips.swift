import Foundation
import PostgresNIO
import StoreCore

extension PostgresWriter {
    /// The most rows one `INSERT` carries, so one statement stays a bounded size.
    static let rowsPerInsert = 1000
    /// The most keys or leases one read-ahead statement names.
    static let valuesPerStatement = 1000

    /// Reads the newest state of the footprint's keys and which of its leases exist, in one
    /// statement each (per ``valuesPerStatement``), so the batch's single-key reads and lease
    /// checks need no round trip.
    ///
    /// Each key's newest row comes from one backward probe of the primary key (`LATERAL …
    /// LIMIT 1`), as ``liveKeyValue(_:)`` reads one key. Keys this transaction already knows are
    /// skipped: their state here includes its own unsent changes.
    func readAhead(_ footprint: WriteFootprint) async throws {
        let keys = Array(footprint.keys.filter { newest[$0] == nil })
        for start in stride(from: 0, to: keys.count, by: Self.valuesPerStatement) {
            try await readNewest(keys[start..<min(keys.count, start + Self.valuesPerStatement)])
        }
        let leases = Array(footprint.leases.filter { knownLeases[$0] == nil })
        for start in stride(from: 0, to: leases.count, by: Self.valuesPerStatement) {
            try await readLeases(leases[start..<min(leases.count, start + Self.valuesPerStatement)])
        }
    }

    /// Reads the newest state of `keys` (none known yet) into ``newest``.
    private func readNewest(_ keys: ArraySlice<Data>) async throws {
        var bindings = PostgresBindings()
        for key in keys { try bindings.append(key) }
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: Self.newestRows(keys: 1...keys.count), binds: bindings), logger: logger)
        for key in keys { newest[key] = .some(nil) }
        for try await (key, create, mod, version, value, lease, deleted) in rows.decode(
            (Data, Int64, Int64, Int64, Data, Int64, Bool).self) where !deleted
        {
            newest[key] = KeyValue(
                key: key, createRevision: create, modRevision: mod, version: version, value: value, lease: lease)
        }
    }

    /// A `SELECT` of the newest row of each key bound at the parameters `keys` (a key with no
    /// row has none): key, create_revision, mod_revision, version, value, lease, deleted. Each
    /// is one backward probe of the primary key.
    static func newestRows(keys: ClosedRange<Int>) -> String {
        let list = keys.map { "(CAST($\($0) AS bytea))" }.joined(separator: ", ")
        return """
            SELECT k.key, n.create_revision, n.mod_revision, n.version, n.value, n.lease, n.deleted
            FROM (VALUES \(list)) AS k (key)
            JOIN LATERAL (SELECT create_revision, mod_revision, version, value, lease, deleted
                          FROM brain_kv b WHERE b.key = k.key ORDER BY mod_revision DESC LIMIT 1) n ON true
            """
    }

    /// Reads which of `leases` (none known yet) exist into ``knownLeases``.
    private func readLeases(_ leases: ArraySlice<LeaseID>) async throws {
        var bindings = PostgresBindings()
        for lease in leases { bindings.append(lease) }
        let list = (1...leases.count).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT id FROM brain_lease WHERE id IN (\(list))", binds: bindings),
            logger: logger)
        for lease in leases { knownLeases[lease] = false }
        for try await id in rows.decode(Int64.self) { knownLeases[id] = true }
    }

    /// Whether lease `id` exists, including this transaction's revocations.
    func leaseExists(_ id: LeaseID) async throws -> Bool {
        if let known = knownLeases[id] { return known }
        try requireTransaction()
        let rows = try await connection.query("SELECT id FROM brain_lease WHERE id = \(id)", logger: logger)
        var found = false
        for try await _ in rows { found = true }
        knownLeases[id] = found
        return found
    }

    /// Deletes lease `id`; false when there was no such lease.
    func deleteLease(_ id: LeaseID) async throws -> Bool {
        try requireTransaction()
        let rows = try await connection.query("DELETE FROM brain_lease WHERE id = \(id) RETURNING id", logger: logger)
        var found = false
        for try await _ in rows { found = true }
        knownLeases[id] = false
        if found { noteChange() }
        return found
    }

    /// The live keys attached to lease `id`, including this transaction's changes.
    func keys(attachedTo id: LeaseID) async throws -> [Data] {
        try requireTransaction()
        try await sendChanges()
        return try await PostgresStore.leaseKeys(id, on: connection, logger: logger)
    }

    /// Sends the changes kept in memory, as few multi-row `INSERT`s as the parameter limit allows.
    func sendChanges() async throws {
        _ = try await sendChanges(publishing: nil)
    }

    /// Sends the changes kept in memory; the last `INSERT` also sets the store revision to
    /// `revision` if given (one statement, one round trip less per batch). Returns whether it did:
    /// false when there was nothing to send.
    func sendChanges(publishing revision: Revision?) async throws -> Bool {
        try requireTransaction()
        var published = false
        while !unsent.isEmpty {
            let chunk = unsent.prefix(Self.rowsPerInsert)
            var bindings = PostgresBindings(capacity: 9)
            Self.bindColumns(of: chunk, to: &bindings)
            var sql = "INSERT INTO brain_kv (\(Self.changeColumns)) \(Self.changeRows(firstParameter: 1))"
            if let revision, chunk.count == unsent.count {
                // A data-modifying WITH runs whether or not its rows are read.
                bindings.append(revision)
                sql = "WITH inserted AS (\(sql)) UPDATE brain_meta SET revision = $\(bindings.count) WHERE id = 1"
                published = true
            }
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            unsent.removeFirst(chunk.count)
        }
        return published
    }

    /// The `brain_kv` columns a change fills, in the order ``changeRows(firstParameter:)`` yields them.
    static let changeColumns = "key, mod_revision, sub, create_revision, version, value, lease, deleted"

    /// A `SELECT` of changes as rows of ``changeColumns``, from the eight arrays
    /// ``bindColumns(of:to:)`` binds at the parameters from `first` on. The text does not depend
    /// on the number of changes, so a statement using it can be prepared once.
    static func changeRows(firstParameter first: Int) -> String {
        let types = ["bytea", "bigint", "integer", "bigint", "bigint", "bytea", "bigint", "boolean"]
        let arrays = types.enumerated().map { "$\(first + $0.offset)::\($0.element)[]" }
        return "SELECT * FROM unnest(\(arrays.joined(separator: ", ")))"
    }

    /// Appends `changes` to `bindings` as one array per column of ``changeColumns``.
    static func bindColumns(of changes: some Collection<(kv: KeyValue, sub: Int32, deleted: Bool)>, to bindings: inout PostgresBindings) {
        bindings.append(changes.map { ByteBuffer(bytes: $0.kv.key) })
        bindings.append(changes.map(\.kv.modRevision))
        bindings.append(changes.map(\.sub))
        bindings.append(changes.map(\.kv.createRevision))
        bindings.append(changes.map(\.kv.version))
        bindings.append(changes.map { ByteBuffer(bytes: $0.kv.value) })
        bindings.append(changes.map(\.kv.lease))
        bindings.append(changes.map(\.deleted))
    }
}
