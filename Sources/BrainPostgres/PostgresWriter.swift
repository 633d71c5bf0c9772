import BrainEngine
import Foundation
import Logging
import PostgresNIO
import StoreCore

/// One write transaction of a ``PostgresStore``: it holds the lock on the `brain_meta` row, so
/// it sees every committed write and no other writer runs until it commits or rolls back. A
/// read-only transaction uses the same type on one snapshot without the lock.
///
/// On the leader one transaction carries a batch of requests (group commit, see
/// ``PostgresWriteBatcher``), applied one after another as if each were alone: like etcd, every
/// change of one request shares one revision, the next after the previous request's, and reads
/// see the earlier requests' and the request's own earlier writes. ``endRequest()`` moves on to
/// the next request.
///
/// To spare round trips, changes are kept in memory and sent as one multi-row `INSERT` when a
/// read needs them in the database (a range read) or at commit; the newest state of every key the
/// batch read or wrote is kept too (``readAhead(_:)`` fills it for the whole batch at once), so
/// single-key reads, the most common ones, need no statement. Used by one task only.
final class PostgresWriter {
    /// Which branch each (nested) transaction takes, decided on the state before any write.
    struct Path {
        var succeeded: Bool
        var nested: [Path]
    }

    let connection: PostgresConnection
    let logger: Logger
    /// Whether the writer holds an open transaction (with the revision lock, when writing); false
    /// for one built from a snapshot (``snapshot(of:on:logger:)``), where anything that needs a
    /// statement throws ``NeedsTransaction``.
    let inTransaction: Bool
    /// The store revision when the lock was taken.
    let started: Revision
    /// The store revision before the current request: including the earlier requests' changes.
    private(set) var current: Revision
    /// Reads before this revision fail with ``StoreError/compacted``.
    private(set) var compactRevision: Revision
    /// The current request's number of changes so far; their order within its revision.
    private(set) var changes: Int32 = 0
    /// Whether the current request changed anything (rows, leases, the compact revision), so
    /// failing now would leave a partial request behind.
    private(set) var requestChanged = false
    /// The newest state of keys read or written in this transaction: a pair, or nil for no live
    /// pair. Keys missing here are unchanged by this transaction.
    var newest: [Data: KeyValue?] = [:]
    /// Whether leases exist, as read or changed in this transaction.
    var knownLeases: [LeaseID: Bool] = [:]
    /// Changes not yet sent to the database, in order.
    var unsent: [(kv: KeyValue, sub: Int32, deleted: Bool)] = []
    /// Every change of this writer as an event with the key's previous live pair, in order: what
    /// the read cache and the watchers get once the batch committed.
    private(set) var events: [Event] = []

    /// The revision the current request's changes get.
    var revision: Revision { current + 1 }

    /// The revision reads see: including the current request's own changes so far.
    var readRevision: Revision { changes == 0 ? current : revision }

    /// Thrown by a writer without a transaction when a request needs a statement: the batch is
    /// run again in a transaction.
    struct NeedsTransaction: Error {}

    init(connection: PostgresConnection, logger: Logger, current: Revision, compactRevision: Revision, inTransaction: Bool = true) {
        self.connection = connection
        self.logger = logger
        self.inTransaction = inTransaction
        self.started = current
        self.current = current
        self.compactRevision = compactRevision
    }

    /// Who may write: the member holding the leadership and the epoch it holds it with.
    struct Fence: Sendable, Hashable {
        var member: UInt64
        var epoch: Int64
    }

    /// Begins a write transaction and takes the revision lock, if `fence` still holds the
    /// leadership; nil (and nothing written) when its epoch was superseded.
    ///
    /// One statement locks the `brain_meta` row and the `brain_leader` row, and only if the
    /// leader row names `fence`. A takeover updates the leader row, so it waits for a write in
    /// flight to commit; a write that comes after the takeover finds no row and writes nothing.
    /// So writes of a deposed leader never commit, whatever its clock or its view says.
    static func begin(on connection: PostgresConnection, fence: Fence, logger: Logger) async throws -> PostgresWriter? {
        try await begin(
            on: connection, logger: logger, transaction: "BEGIN",
            lock: """
                SELECT m.revision, m.compact_revision FROM brain_meta m
                JOIN brain_leader l ON l.id = 1 AND l.node = \(Int64(bitPattern: fence.member)) AND l.epoch = \(fence.epoch)
                WHERE m.id = 1 FOR UPDATE
                """)
    }

    /// Begins a read-only transaction on one snapshot, taking no lock: for transactions whose
    /// branches only read, served on every node.
    static func beginReadOnly(on connection: PostgresConnection, logger: Logger) async throws -> PostgresWriter {
        let reader = try await begin(
            on: connection, logger: logger, transaction: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            lock: "SELECT revision, compact_revision FROM brain_meta WHERE id = 1")
        guard let reader else { throw StoreError.unavailable("etcdserver: postgres: brain_meta row missing") }
        return reader
    }

    private static func begin(
        on connection: PostgresConnection, logger: Logger, transaction: PostgresQuery, lock: PostgresQuery
    ) async throws -> PostgresWriter? {
        try await connection.query(transaction, logger: logger)
        do {
            let rows = try await connection.query(lock, logger: logger)
            for try await (revision, compact) in rows.decode((Int64, Int64).self) {
                return PostgresWriter(connection: connection, logger: logger, current: revision, compactRevision: compact)
            }
            _ = try? await connection.query("ROLLBACK", logger: logger)
            return nil
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Throws ``NeedsTransaction`` unless the writer holds a transaction.
    func requireTransaction() throws {
        guard inTransaction else { throw NeedsTransaction() }
    }

    /// Ends the current request: the next one sees its changes and gets the next revision.
    func endRequest() {
        current = readRevision
        changes = 0
        requestChanged = false
    }

    /// Marks the current request as having changed the database outside ``insert(_:deleted:previous:)``.
    func noteChange() {
        requestChanged = true
    }

    /// Records a compaction to `revision` in this transaction, for the requests after it.
    func compact(to revision: Revision) async throws {
        try requireTransaction()
        requestChanged = true
        try await connection.query("UPDATE brain_meta SET compact_revision = \(revision) WHERE id = 1", logger: logger)
        compactRevision = revision
    }

    /// Sends the unsent changes, publishes the new revision (if anything changed) and commits.
    func commit() async throws {
        endRequest()
        if current > started {
            // Usually rides with the last INSERT; alone when a range read already sent every row.
            let published = try await sendChanges(publishing: current)
            if !published {
                try await connection.query("UPDATE brain_meta SET revision = \(current) WHERE id = 1", logger: logger)
            }
        }
        try await connection.query("COMMIT", logger: logger)
    }

    /// Abandons the transaction; the connection stays usable.
    func rollback() async {
        _ = try? await connection.query("ROLLBACK", logger: logger)
    }

    // MARK: Reads

    /// The newest live pair of `key`, including this transaction's changes.
    func liveKeyValue(_ key: Data) async throws -> KeyValue? {
        if let known = newest[key] { return known }
        try requireTransaction()
        let rows = try await connection.query(
            """
            SELECT create_revision, mod_revision, version, value, lease, deleted FROM brain_kv
            WHERE key = \(key) ORDER BY mod_revision DESC LIMIT 1
            """, logger: logger)
        var found: KeyValue?
        for try await (create, mod, version, value, lease, deleted) in rows.decode(
            (Int64, Int64, Int64, Data, Int64, Bool).self) where !deleted
        {
            found = KeyValue(key: key, createRevision: create, modRevision: mod, version: version, value: value, lease: lease)
        }
        newest[key] = .some(found)
        return found
    }

    /// The live pairs of `range` (a single key or more), including this transaction's changes.
    func liveKeyValues(in range: KeyRange) async throws -> [KeyValue] {
        if range.isSingleKey { return try await liveKeyValue(range.start).map { [$0] } ?? [] }
        return try await rows(RangeQuery(request: RangeRequest(range: range)), at: readRevision).kvs
    }

    /// Runs a range query at `revision` and returns the pairs with the range's live-key count.
    private func rows(_ query: RangeQuery, at revision: Revision) async throws -> (kvs: [KeyValue], total: Int64) {
        try requireTransaction()
        try await sendChanges()
        let rows = try await connection.query(try query.inTransaction(at: revision), logger: logger)
        var kvs: [KeyValue] = []
        var total: Int64 = 0
        for try await (key, create, mod, version, value, lease, count) in rows.decode(
            (Data, Int64, Int64, Int64, Data, Int64, Int64).self)
        {
            total = count
            kvs.append(KeyValue(key: key, createRevision: create, modRevision: mod, version: version, value: value, lease: lease))
        }
        return (kvs, total)
    }

    /// A range read inside the transaction (its revision was checked by ``check(_:path:)``).
    func range(_ request: RangeRequest) async throws -> RangeResponse {
        let read = readRevision
        let revision = request.revision > 0 ? request.revision : read
        let query = RangeQuery(request: request)
        let (kvs, total) = try await rows(query, at: revision)
        return request.response(kvs: kvs, count: total, current: read)
    }

    // MARK: Checks before writing

    /// etcd's checks of a put against the store: its lease exists, and a put that keeps the
    /// value or lease has a key to keep them from.
    func checkPut(_ request: PutRequest) async throws {
        if request.lease != 0, try await !leaseExists(request.lease) { throw StoreError.leaseNotFound }
        if request.ignoreValue || request.ignoreLease, try await liveKeyValue(request.key) == nil {
            throw StoreError.keyNotFound
        }
    }

    /// Decides every branch of `request` on the state before any write, as etcd does.
    func path(of request: TxnRequest) async throws -> Path {
        var succeeded = true
        for compare in request.compare {
            if try await !holds(compare) {
                succeeded = false
                break
            }
        }
        var nested: [Path] = []
        for case .txn(let inner) in succeeded ? request.success : request.failure {
            nested.append(try await path(of: inner))
        }
        return Path(succeeded: succeeded, nested: nested)
    }

    /// Evaluates one guard predicate on the newest state.
    private func holds(_ compare: Compare) async throws -> Bool {
        compare.holds(forLive: try await liveKeyValues(in: compare.range))
    }

    /// Checks the branch `path` takes before its first write, so it applies whole or not at all.
    func check(_ request: TxnRequest, path: Path) async throws {
        var nested = path.nested.makeIterator()
        for op in path.succeeded ? request.success : request.failure {
            switch op {
            case .put(let put): try await checkPut(put)
            case .range(let range):
                if range.revision > current { throw StoreError.futureRevision }
                if range.revision > 0 && range.revision < compactRevision { throw StoreError.compacted }
            case .deleteRange: break
            case .txn(let inner): try await check(inner, path: nested.next()!)
            }
        }
    }

    // MARK: Requests

    /// A put request: etcd's checks, then the write.
    func perform(_ request: PutRequest) async throws -> PutResponse {
        try await checkPut(request)
        return try await put(request)
    }

    /// A transaction request: its branch decided and checked on the state before it writes,
    /// then run.
    func perform(_ request: TxnRequest) async throws -> TxnResponse {
        let path = try await path(of: request)
        try await check(request, path: path)
        return try await txn(request, path: path)
    }

    // MARK: Writes

    func put(_ request: PutRequest) async throws -> PutResponse {
        let previous = try await liveKeyValue(request.key)
        insert(request.keyValue(at: revision, previous: previous), deleted: false, previous: previous)
        return PutResponse(revision: revision, prevKV: request.prevKV ? previous : nil)
    }

    func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        let victims = try await liveKeyValues(in: request.range)
        for kv in victims {
            insert(KeyValue(key: kv.key, modRevision: revision), deleted: true, previous: kv)
        }
        return DeleteRangeResponse(
            revision: readRevision, deleted: Int64(victims.count), prevKVs: request.prevKV ? victims : [])
    }

    func txn(_ request: TxnRequest, path: Path) async throws -> TxnResponse {
        var nested = path.nested.makeIterator()
        var responses: [ResponseOp] = []
        for op in path.succeeded ? request.success : request.failure {
            switch op {
            case .range(let range): responses.append(.range(try await self.range(range)))
            case .put(let put): responses.append(.put(try await self.put(put)))
            case .deleteRange(let delete): responses.append(.deleteRange(try await deleteRange(delete)))
            case .txn(let inner): responses.append(.txn(try await txn(inner, path: nested.next()!)))
            }
        }
        return TxnResponse(revision: readRevision, succeeded: path.succeeded, responses: responses)
    }

    /// Records one change at the current request's revision (sent later, see ``sendChanges()``),
    /// with the key's live pair before it.
    private func insert(_ kv: KeyValue, deleted: Bool, previous: KeyValue?) {
        unsent.append((kv, changes, deleted))
        events.append(Event(kind: deleted ? .delete : .put, kv: kv, prevKV: previous))
        newest[kv.key] = .some(deleted ? nil : kv)
        changes += 1
        requestChanged = true
    }
}
