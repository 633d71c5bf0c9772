/// Durable storage of a store's ``AuthState``.
public protocol AuthStore: Sendable {
    /// The current users, roles and switch.
    func authState() async throws -> AuthState
    /// Changes the auth state durably and returns what `body` returned; nothing changes if it
    /// throws.
    func updateAuth<Result: Sendable>(_ body: (inout AuthState) throws(StoreError) -> Result) async throws -> Result
}
