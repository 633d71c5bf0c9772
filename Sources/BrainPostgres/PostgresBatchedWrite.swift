import StoreCore

/// One write request waiting in a ``PostgresWriteBatcher``, with its response type erased.
protocol PostgresBatchedWrite: Sendable {
    /// Whose leadership the request was made under; a batch holds one fence only.
    var fence: PostgresWriter.Fence { get }
    /// What the request will look up, read ahead for the whole batch.
    var footprint: WriteFootprint { get }
    /// Runs the request in the batch's transaction and keeps its result (or its own etcd error,
    /// when it failed before changing anything). Returns its error when it failed after changing
    /// something: the transaction then holds part of the request and must not commit. Throws
    /// what broke the transaction itself (a database error).
    func apply(_ writer: PostgresWriter) async throws -> StoreError?
    /// Answers the caller; only the first call counts.
    func finish(_ outcome: PostgresBatchOutcome)
}

/// How a batch ended, for each request in it.
enum PostgresBatchOutcome: Sendable {
    /// Committed: every request's own result (a response or its own etcd error) stands.
    case committed
    /// The fence no longer held the leadership; nothing was written.
    case deposed
    /// The request was not committed (the transaction failed, timed out or was never run):
    /// it gets this error, and its outcome is unknown only when the error says so.
    case failed(StoreError)
}
