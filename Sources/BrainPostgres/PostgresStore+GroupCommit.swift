import CoreMetrics
import Logging
import PostgresNIO
import StoreCore
import Synchronization

extension PostgresStore {
    /// How one try of a batch ended.
    private enum BatchTry: Sendable {
        /// Committed: every request's own result stands.
        case committed
        /// The fence no longer holds the leadership; nothing was written.
        case deposed
        /// The request at `index` failed with `error` after changing something; the transaction
        /// was rolled back, and the batch is tried again without it.
        case broken(index: Int, error: StoreError)
        /// PostgreSQL refused a statement of the batch (a key too long for the index, say), so
        /// nothing was written; each request is tried again alone, so only the culprit fails.
        case refused
    }

    /// Whether PostgreSQL refused a statement for the data in it (SQLSTATE classes 22 data
    /// exception, 23 integrity constraint violation, 54 program limit exceeded), as opposed to
    /// failing as a server or a connection.
    private static func refusesData(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return ["22", "23", "54"].contains(state.prefix(2))
    }

    /// The footprints of `requests` together.
    private static func footprint(of requests: [any PostgresBatchedWrite]) -> WriteFootprint {
        var footprint = WriteFootprint.none
        for request in requests { footprint.formUnion(request.footprint) }
        return footprint
    }

    /// Runs `requests` in order on `writer`, each as if alone; `.broken` for the first that
    /// failed after changing something (the batch must then be tried again without it).
    private static func apply(_ requests: [any PostgresBatchedWrite], on writer: PostgresWriter) async throws -> BatchTry? {
        for (index, request) in requests.enumerated() {
            if let error = try await request.apply(writer) { return .broken(index: index, error: error) }
            writer.endRequest()
        }
        return nil
    }

    /// Tries `requests` without a transaction: nil when nothing was written and the batch must
    /// run in a transaction.
    ///
    /// When this node's last batch committed under `fence` and the read cache holds it, the
    /// requests run on that state (the cache's pairs, the leases known) and commit in one
    /// statement; otherwise one statement reads the state first (see
    /// `PostgresWriter+Snapshot.swift`). Either way the commit writes only if the store is still
    /// at the revision the requests ran on and `fence` still leads.
    private func commitWithoutTransaction(
        _ requests: [any PostgresBatchedWrite], footprint: WriteFootprint, fence: PostgresWriter.Fence,
        on connection: PostgresConnection
    ) async throws -> BatchTry? {
        guard !footprint.needsStatements else { return nil }
        let path: WriteBatchCounts.Path
        let writer: PostgresWriter
        if let cached = writerFromCommittedState(for: footprint, fence: fence, on: connection) {
            (path, writer) = (.cache, cached)
        } else if let read = try await PostgresWriter.snapshot(of: footprint, on: connection, logger: logger) {
            (path, writer) = (.snapshot, read)
        } else {
            return nil
        }
        do {
            if let broken = try await Self.apply(requests, on: writer) { return broken }
            guard try await writer.commitIfUnchanged(fence: fence) else { return nil }
            recordCommit(of: writer, fence: fence, path: path)
            return .committed
        } catch is PostgresWriter.NeedsTransaction {
            return nil
        } catch let error as PSQLError where requests.count > 1 && Self.refusesData(error) {
            return .refused
        }
    }

    /// A writer on the state this node's last batch left, with the footprint's pairs from the
    /// read cache; nil unless that batch committed under `fence`, the cache holds exactly its
    /// revision and every lease the footprint names is known to exist.
    private func writerFromCommittedState(
        for footprint: WriteFootprint, fence: PostgresWriter.Fence, on connection: PostgresConnection
    ) -> PostgresWriter? {
        guard let state = committedState.withLock({ $0 }), state.fence == fence,
            footprint.leases.isSubset(of: state.leases),
            let pairs = readCache?.pairs(of: footprint.keys, at: state.revision)
        else { return nil }
        let writer = PostgresWriter(
            connection: connection, logger: logger, current: state.revision, compactRevision: state.compactRevision,
            inTransaction: false)
        writer.newest = pairs
        writer.knownLeases = Dictionary(uniqueKeysWithValues: footprint.leases.map { ($0, true) })
        return writer
    }

    /// Records a batch committed under `fence`: the state it left for the next batch, and its
    /// changes in the read cache and to the watchers.
    private func recordCommit(of writer: PostgresWriter, fence: PostgresWriter.Fence, path: WriteBatchCounts.Path) {
        committedState.withLock { state in
            var leases = state?.fence == fence ? state?.leases ?? [] : []
            for (id, exists) in writer.knownLeases {
                if exists { leases.insert(id) } else { leases.remove(id) }
            }
            state = CommittedState(
                fence: fence, revision: writer.current, compactRevision: writer.compactRevision, leases: leases)
        }
        readCache?.publish(writer.events, after: writer.started, through: writer.current)
        watchHub.publish(writer.events, after: writer.started, through: writer.current)
        batchCounts.record(path)
    }

    /// Commits `batch` without a transaction, or else in one fenced transaction,
    /// and answers every request of it.
    ///
    /// The requests run in order on one ``PostgresWriter``, each as if alone (its own revision,
    /// seeing the earlier ones' changes); a request's own etcd error (a failed check, which
    /// comes before its first change) answers that request only. A request that fails after
    /// changing something cannot be taken back without a savepoint, so the transaction is rolled
    /// back and the batch tried again without it (never seen in practice: every check comes
    /// before the first write). When PostgreSQL refuses a statement, the requests are tried one
    /// by one, so one request's bad data fails only that request, as without batching. Both
    /// ways run through ``database(_:)``, so the batch gets a
    /// connection within ``PostgresStoreConfiguration/connectionWait`` and ends within the
    /// request timeout, or every request hears unavailable or etcd's "request timed out".
    func commit(_ batch: [any PostgresBatchedWrite]) async {
        var batch = batch
        while let fence = batch.first?.fence {
            let requests = batch
            let footprint = Self.footprint(of: requests)
            let outcome: PostgresBatchOutcome
            do throws(StoreError) {
                let tried = try await database { [logger] connection -> BatchTry in
                    if let tried = try await self.commitWithoutTransaction(requests, footprint: footprint, fence: fence, on: connection) {
                        return tried
                    }
                    guard let writer = try await PostgresWriter.begin(on: connection, fence: fence, logger: logger) else {
                        return .deposed
                    }
                    do {
                        try await writer.readAhead(footprint)
                        if let broken = try await Self.apply(requests, on: writer) {
                            await writer.rollback()
                            return broken
                        }
                        try await writer.commit()
                        self.recordCommit(of: writer, fence: fence, path: .transaction)
                        return .committed
                    } catch let error as PSQLError where requests.count > 1 && Self.refusesData(error) {
                        await writer.rollback()
                        return .refused
                    } catch {
                        await writer.rollback()
                        throw error
                    }
                }
                switch tried {
                case .committed: outcome = .committed
                case .deposed: outcome = .deposed
                case .broken(let index, let error):
                    batch.remove(at: index).finish(.failed(error))
                    continue
                case .refused:
                    for request in requests { await commit([request]) }
                    return
                }
            } catch {
                outcome = .failed(error)
            }
            if case .committed = outcome {} else {
                // Whatever the database holds now, the next batch reads it.
                committedState.withLock { $0 = nil }
            }
            logger.trace(
                "postgres write batch done",
                metadata: ["postgres.batch.requests": "\(requests.count)", "postgres.batch.outcome": "\(outcome)"])
            for request in requests { request.finish(outcome) }
            return
        }
    }
}

/// What the leader knows of the store after its own last committed batch: while its batches are
/// the only writes, the next one starts from here instead of reading the database first.
struct CommittedState: Sendable {
    /// The leadership the batch committed under.
    var fence: PostgresWriter.Fence
    var revision: Revision
    var compactRevision: Revision
    /// Leases known to exist: read by a batch or granted here since, and not revoked by a batch.
    var leases: Set<LeaseID>
}

/// How many write batches committed by each path; exported as
/// `brain_postgres_write_batches_total` with the `path` dimension.
final class WriteBatchCounts: Sendable {
    /// How a batch committed.
    enum Path: String, CaseIterable, Sendable {
        /// One statement, on the state the previous batch left and the read cache.
        case cache
        /// Two statements: one reading the state, one writing.
        case snapshot
        /// A transaction.
        case transaction
    }

    private let counts = Mutex<[Path: Int]>([:])
    private let counters = Dictionary(
        uniqueKeysWithValues: Path.allCases.map {
            ($0, Counter(label: "brain_postgres_write_batches_total", dimensions: [("path", $0.rawValue)]))
        })

    /// Counts one committed batch.
    func record(_ path: Path) {
        counts.withLock { $0[path, default: 0] += 1 }
        counters[path]?.increment()
    }

    /// The batches committed so far by `path`.
    func committed(_ path: Path) -> Int { counts.withLock { $0[path] ?? 0 } }
}
