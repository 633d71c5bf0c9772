/// Durable storage of a store's ``AuthState``.
public protocol AuthStore: Sendable {
    /// The current users, roles and switch.
    func authState() async throws -> AuthState
    /// Changes the auth state durably and returns what `body` returned; nothing changes if it
    /// throws.
    func updateAuth<Result: Sendable>(_ body: (inout AuthState) throws(StoreError) -> Result) async throws -> Result
    /// Records a token `Authenticate` issued for `user`, so that every node of the store accepts
    /// it for `ttl` (etcd replicates its simple tokens to every member).
    func shareToken(_ token: String, user: String, ttl: Duration) async throws
    /// The user of a token another node of the store issued and shared, or nil when none did or
    /// it has expired.
    func sharedTokenUser(_ token: String) async throws -> String?
    /// Whether other nodes share this store's tokens, so a node must look a token up again
    /// after the auth state changed (another node may have revoked it: a password change, auth
    /// turned off and on).
    var sharesTokens: Bool { get }
}

extension AuthStore {
    /// A single-node store has no other node to share tokens with.
    public func shareToken(_ token: String, user: String, ttl: Duration) async throws {}

    /// A single-node store knows only the tokens it issued itself.
    public func sharedTokenUser(_ token: String) async throws -> String? { nil }

    /// A single-node store sees every change itself.
    public var sharesTokens: Bool { false }
}
