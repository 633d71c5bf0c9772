import BrainEngine
import Foundation
import PostgresNIO
import StoreCore

/// The SQL of a range read: the newest row of each key in the range at a revision, without
/// deleted keys, in key order, each with the number of such keys (before the limit).
struct RangeQuery {
    let request: RangeRequest

    /// Sorting or revision filters need every pair before the limit can be applied.
    private var needsAll: Bool {
        request.sortOrder != .none || request.sortTarget != .key || request.hasRevisionFilters
    }

    /// The SQL `LIMIT`, if the database can cut the result: one more than asked, so `more` can be
    /// told; one row for a count-only read (the count rides on every row).
    var sqlLimit: Int64? {
        if request.countOnly { return 1 }
        if request.limit > 0 && !needsAll { return request.limit + 1 }
        return nil
    }

    /// Whether values have to be read (a keys-only read sorted by value still needs them).
    private var readsValues: Bool {
        !request.countOnly && (!request.keysOnly || request.sortTarget == .value)
    }

    /// The inner query over `brain_kv`.
    /// - Parameters:
    ///   - keys: the key condition (its parameters numbered by the caller).
    ///   - revision: an SQL expression for the revision to read at.
    ///   - guardCondition: more SQL conditions (`AND …`) on the result.
    ///   - limitParameter: the parameter holding ``sqlLimit``, when there is one.
    func liveRowsSQL(keys: KeyCondition, revision: String, guardCondition: String = "", limitParameter: String?) -> String {
        """
        SELECT l.key, l.create_revision, l.mod_revision, l.version, l.value, l.lease, count(*) OVER () AS total
        FROM (SELECT DISTINCT ON (key) key, create_revision, mod_revision, version,
                     \(readsValues ? "value" : "''::bytea") AS value, lease, deleted
              FROM brain_kv WHERE \(keys.sql) AND mod_revision <= \(revision)
              ORDER BY key, mod_revision DESC) l
        WHERE NOT l.deleted\(guardCondition)
        ORDER BY l.key\(limitParameter.map { " LIMIT \($0)" } ?? "")
        """
    }

    /// One statement reading the store's revisions and the range together, so the check against
    /// the compact revision and the rows come from one snapshot. Parameters: `$1` the requested
    /// revision (0 for the newest), `$2` the limit if any, then the keys.
    func standalone() throws -> PostgresQuery {
        let limitParameter = sqlLimit == nil ? nil : "$2"
        let keys = KeyCondition(request.range, firstParameter: limitParameter == nil ? 2 : 3)
        let inner = liveRowsSQL(
            keys: keys,
            revision: "(CASE WHEN $1 > 0 THEN $1 ELSE m.revision END)",
            guardCondition: " AND $1 <= m.revision AND ($1 <= 0 OR $1 >= m.compact_revision)",
            limitParameter: limitParameter)
        let sql = """
            SELECT m.revision, m.compact_revision, r.key, r.create_revision, r.mod_revision, r.version, r.value,
                   r.lease, r.total
            FROM brain_meta m LEFT JOIN LATERAL (\(inner)) r ON true WHERE m.id = 1
            """
        var bindings = PostgresBindings()
        bindings.append(request.revision)
        if let sqlLimit { bindings.append(sqlLimit) }
        try keys.bind(into: &bindings)
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// The range at `revision`, inside a write transaction that already checked the revision.
    func inTransaction(at revision: Revision) throws -> PostgresQuery {
        let limitParameter = sqlLimit == nil ? nil : "$2"
        let keys = KeyCondition(request.range, firstParameter: limitParameter == nil ? 2 : 3)
        var bindings = PostgresBindings()
        bindings.append(revision)
        if let sqlLimit { bindings.append(sqlLimit) }
        try keys.bind(into: &bindings)
        return PostgresQuery(
            unsafeSQL: liveRowsSQL(keys: keys, revision: "$1", limitParameter: limitParameter), binds: bindings)
    }
}
