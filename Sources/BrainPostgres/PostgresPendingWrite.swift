import StoreCore
import Synchronization

/// A write request with response type `Response` waiting in a ``PostgresWriteBatcher``: its
/// work, its result in the batch being tried, and its caller, answered exactly once.
final class PostgresPendingWrite<Response: Sendable>: PostgresBatchedWrite {
    private struct State {
        /// The result of the latest ``apply(_:)``; it stands only if that batch commits.
        var result: Result<Response, StoreError>?
        /// The waiting caller; nil once answered.
        var caller: CheckedContinuation<Result<Response?, StoreError>, Never>?
    }

    let fence: PostgresWriter.Fence
    let footprint: WriteFootprint
    private let body: @Sendable (PostgresWriter) async throws -> Response
    private let state: Mutex<State>

    init(
        fence: PostgresWriter.Fence, footprint: WriteFootprint,
        body: @escaping @Sendable (PostgresWriter) async throws -> Response,
        caller: CheckedContinuation<Result<Response?, StoreError>, Never>
    ) {
        self.fence = fence
        self.footprint = footprint
        self.body = body
        self.state = Mutex(State(caller: caller))
    }

    func apply(_ writer: PostgresWriter) async throws -> StoreError? {
        let result: Result<Response, StoreError>
        do {
            result = .success(try await body(writer))
        } catch let error as StoreError {
            if writer.requestChanged { return error }
            result = .failure(error)
        }
        state.withLock { $0.result = result }
        return nil
    }

    func finish(_ outcome: PostgresBatchOutcome) {
        let (caller, result) = state.withLock { state in
            defer { state.caller = nil }
            return (state.caller, state.result)
        }
        guard let caller else { return }
        switch (outcome, result) {
        case (.committed, .success(let response)): caller.resume(returning: .success(response))
        case (.committed, .failure(let error)): caller.resume(returning: .failure(error))
        case (.committed, nil): caller.resume(returning: .failure(.unavailable("etcdserver: request was not run")))
        case (.deposed, _): caller.resume(returning: .success(nil))
        case (.failed(let error), _): caller.resume(returning: .failure(error))
        }
    }
}
