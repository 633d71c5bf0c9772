import Logging
import PostgresNIO
import StoreCore

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

    /// Commits `batch` in one fenced transaction and answers every request of it.
    ///
    /// The requests run in order on one ``PostgresWriter``, each as if alone (its own revision,
    /// seeing the earlier ones' changes); a request's own etcd error (a failed check, which
    /// comes before its first change) answers that request only. A request that fails after
    /// changing something cannot be taken back without a savepoint, so the transaction is rolled
    /// back and the batch tried again without it (never seen in practice: every check comes
    /// before the first write). When PostgreSQL refuses a statement, the requests are tried one
    /// by one, so one request's bad data fails only that request, as without batching. The
    /// transaction runs through ``database(_:)``, so it gets a
    /// connection within ``PostgresStoreConfiguration/connectionWait`` and ends within the
    /// request timeout, or every request hears unavailable or etcd's "request timed out".
    func commit(_ batch: [any PostgresBatchedWrite]) async {
        var batch = batch
        while let fence = batch.first?.fence {
            let requests = batch
            let outcome: PostgresBatchOutcome
            do throws(StoreError) {
                let tried = try await database { [logger] connection -> BatchTry in
                    guard let writer = try await PostgresWriter.begin(on: connection, fence: fence, logger: logger) else {
                        return .deposed
                    }
                    do {
                        var footprint = WriteFootprint.none
                        for request in requests { footprint.formUnion(request.footprint) }
                        try await writer.readAhead(footprint)
                        for (index, request) in requests.enumerated() {
                            if let error = try await request.apply(writer) {
                                await writer.rollback()
                                return .broken(index: index, error: error)
                            }
                            writer.endRequest()
                        }
                        try await writer.commit()
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
