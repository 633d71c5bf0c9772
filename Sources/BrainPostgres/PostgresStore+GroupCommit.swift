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

    /// Tries `requests` in two statements without a transaction (see
    /// `PostgresWriter+Snapshot.swift`): nil when nothing was written and the batch must run in a
    /// transaction.
    private static func commitFromSnapshot(
        _ requests: [any PostgresBatchedWrite], fence: PostgresWriter.Fence, on connection: PostgresConnection, logger: Logger
    ) async throws -> BatchTry? {
        let footprint = footprint(of: requests)
        guard !footprint.needsStatements,
            let writer = try await PostgresWriter.snapshot(of: footprint, on: connection, logger: logger)
        else { return nil }
        do {
            if let broken = try await apply(requests, on: writer) { return broken }
            return try await writer.commitIfUnchanged(fence: fence) ? .committed : nil
        } catch is PostgresWriter.NeedsTransaction {
            return nil
        } catch let error as PSQLError where requests.count > 1 && refusesData(error) {
            return .refused
        }
    }

    /// Commits `batch` from a snapshot in two statements, or else in one fenced transaction,
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
            let outcome: PostgresBatchOutcome
            do throws(StoreError) {
                let tried = try await database { [logger, batchCounts] connection -> BatchTry in
                    if let tried = try await Self.commitFromSnapshot(requests, fence: fence, on: connection, logger: logger) {
                        if case .committed = tried { batchCounts.record(fromSnapshot: true) }
                        return tried
                    }
                    guard let writer = try await PostgresWriter.begin(on: connection, fence: fence, logger: logger) else {
                        return .deposed
                    }
                    do {
                        try await writer.readAhead(Self.footprint(of: requests))
                        if let broken = try await Self.apply(requests, on: writer) {
                            await writer.rollback()
                            return broken
                        }
                        try await writer.commit()
                        batchCounts.record(fromSnapshot: false)
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
            logger.trace(
                "postgres write batch done",
                metadata: ["postgres.batch.requests": "\(requests.count)", "postgres.batch.outcome": "\(outcome)"])
            for request in requests { request.finish(outcome) }
            return
        }
    }
}

/// How many write batches committed in two statements from a snapshot and how many in a
/// transaction; exported as `brain_postgres_write_batches_total` with the `path` dimension.
final class WriteBatchCounts: Sendable {
    private let counts = Mutex<(snapshot: Int, transaction: Int)>((0, 0))
    private let snapshotCounter = Counter(label: "brain_postgres_write_batches_total", dimensions: [("path", "snapshot")])
    private let transactionCounter = Counter(label: "brain_postgres_write_batches_total", dimensions: [("path", "transaction")])

    /// Counts one committed batch.
    func record(fromSnapshot: Bool) {
        counts.withLock { fromSnapshot ? ($0.snapshot += 1) : ($0.transaction += 1) }
        (fromSnapshot ? snapshotCounter : transactionCounter).increment()
    }

    /// The batches committed so far from a snapshot and in a transaction.
    var committed: (snapshot: Int, transaction: Int) { counts.withLock { $0 } }
}
