public import StoreCore
import Synchronization

/// Auth on PostgreSQL: the state lives in the `brain_auth*` tables (``PostgresAuthTables``) and
/// every node keeps the newest state it saw in memory, so checking a request costs no round
/// trip. A node reads the auth revision every ``PostgresStoreConfiguration/authPollInterval``
/// and rereads the state when it moved, so a change made on another node is enforced here within
/// about that interval; a change made here is enforced here as soon as it is acknowledged.
extension PostgresStore: AuthStore {
    /// The newest state this node has seen (read from the database the first time).
    public func authState() async throws -> AuthState {
        if let cached = authCache.withLock({ $0 }) { return cached }
        return try await loadAuth()
    }

    /// Changes the state in the database, durably before it returns. Any node may change it: the
    /// change is computed on the newest state and written only if the auth revision has not
    /// moved meanwhile, else computed again on the newer state (so `body` may run more than once).
    public func updateAuth<Result: Sendable>(
        _ body: (inout AuthState) throws(StoreError) -> Result
    ) async throws -> Result {
        while true {
            try Task.checkCancellation()
            let current = try await loadAuth()
            var next = current
            let result = try body(&next)
            guard next != current else { return result }
            let proposed = next
            let saved = try await database { [logger] connection in
                try await PostgresAuthTables.save(proposed, over: current, on: connection, logger: logger)
            }
            if saved {
                remember(proposed)
                return result
            }
        }
    }

    /// Records the token in `brain_auth_token`, so every node accepts it until `ttl` has passed.
    public func shareToken(_ token: String, user: String, ttl: Duration) async throws {
        try await database { [logger] connection in
            try await PostgresAuthTables.insertToken(token, user: user, ttl: ttl, on: connection, logger: logger)
        }
    }

    /// Every node of the database shares `brain_auth_token`.
    public var sharesTokens: Bool { true }

    /// Looks the token up in `brain_auth_token`.
    public func sharedTokenUser(_ token: String) async throws -> String? {
        try await database { [logger] connection in
            try await PostgresAuthTables.tokenUser(token, on: connection, logger: logger)
        }
    }

    /// Reads the state from the database and keeps it unless a newer one is known already.
    func loadAuth() async throws -> AuthState {
        let state = try await database { [logger] connection in
            try await PostgresAuthTables.load(on: connection, logger: logger)
        }
        remember(state)
        return state
    }

    /// Keeps `state` in memory if it is newer than the one kept (auth revisions only grow).
    private func remember(_ state: AuthState) {
        authCache.withLock { cached in
            if cached.map({ $0.revision < state.revision }) ?? true { cached = state }
        }
    }
}
