public import StoreCore

extension PostgresStore: AuthStore {
    /// Authentication is off on the postgres backend for now: the state is always empty.
    public func authState() async throws -> AuthState {
        AuthState()
    }

    /// Refuses every change: users and roles are not stored in PostgreSQL yet.
    public func updateAuth<Result: Sendable>(
        _ body: (inout AuthState) throws(StoreError) -> Result
    ) async throws -> Result {
        var state = AuthState()
        let result = try body(&state)
        guard state == AuthState() else {
            throw StoreError.unavailable("etcdserver: auth is not supported on the postgres backend yet")
        }
        return result
    }
}
