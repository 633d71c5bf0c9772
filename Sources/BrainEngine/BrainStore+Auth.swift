public import StoreCore
import Synchronization

extension BrainStore: AuthStore {
    public func authState() async throws -> AuthState {
        state.withLock { $0.auth }
    }

    public func updateAuth<Result: Sendable>(
        _ body: (inout AuthState) throws(StoreError) -> Result
    ) async throws -> Result {
        try await write { state throws(StoreError) in
            var auth = state.auth
            let result = try body(&auth)
            guard auth != state.auth else { return (result, [], nil) }
            state.auth = auth
            return (result, [.auth(auth)], nil)
        }
    }
}
