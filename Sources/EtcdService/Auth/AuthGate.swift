import Foundation
public import StoreCore
import Synchronization

/// Authentication and authorization at the edge, as etcd does them: simple tokens handed out by
/// `Authenticate` and checked on every request while auth is enabled, and key-range permissions.
///
/// Tokens live in memory (like etcd's simple tokens) and expire after ``tokenTTL`` without use.
/// A store with several nodes shares them (``AuthStore/shareToken(_:user:ttl:)``), as etcd
/// replicates its simple tokens to every member: a token from another node is looked up once,
/// then kept here like one issued here.
///
/// As etcd's simple tokens, a token dies with its user's password: it is bound to the password
/// hash it was issued under, so a password change or the user's deletion refuses it. Turning
/// auth off drops every token. On a store whose nodes share tokens, a change on another node
/// deletes the shared tokens it revokes, and a token kept here is looked up again once the auth
/// state this node knows has moved past the one it was last checked at.
public final class AuthGate: Sendable {
    private struct Session {
        var user: String
        var passwordHash: [UInt8]
        /// The auth revision the token was last checked at.
        var authRevision: UInt64
        var expires: ContinuousClock.Instant
    }

    let store: any AuthStore
    private let sessions = Mutex<[String: Session]>([:])
    private let counter = Atomic<UInt64>(0)
    /// How long a token stays valid without use.
    public let tokenTTL: Duration

    /// Creates a gate over the store's auth state.
    public init(store: any AuthStore, tokenTTL: Duration = .seconds(300)) {
        self.store = store
        self.tokenTTL = tokenTTL
    }

    /// Checks a user's password and returns a new token.
    func authenticate(name: String, password: String) async throws -> String {
        let state = try await store.authState()
        guard state.isEnabled else { throw StoreError.authNotEnabled }
        guard let user = state.users[name], !user.noPassword,
            PasswordHash.verify(password, against: user.passwordHash)
        else { throw StoreError.authFailed }
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let random = String((0..<16).map { _ in letters.randomElement()! })
        let token = "\(random).\(counter.add(1, ordering: .relaxed).newValue)"
        try await store.shareToken(token, user: name, ttl: tokenTTL)
        remember(token, user: user, at: state.revision)
        return token
    }

    private func remember(_ token: String, user: AuthUser, at revision: UInt64) {
        let session = Session(
            user: user.name, passwordHash: user.passwordHash, authRevision: revision, expires: .now + tokenTTL)
        sessions.withLock { $0[token] = session }
    }

    /// The user making the current request, or nil when auth is off: the token's user, or
    /// without a token the common name of a verified client certificate, as etcd does.
    /// - Throws: ``StoreError/userEmpty`` without either, ``StoreError/invalidAuthToken`` for an
    ///   unknown or expired token.
    func currentUser(_ state: AuthState) async throws -> String? {
        guard state.isEnabled else {
            sessions.withLock { sessions in
                if !sessions.isEmpty { sessions.removeAll() }
            }
            return nil
        }
        guard let token = AuthContext.token, !token.isEmpty else {
            if let user = AuthContext.certificateUser { return user }
            throw StoreError.userEmpty
        }
        let now = ContinuousClock.now
        let ttl = tokenTTL
        let session = sessions.withLock { sessions -> Session? in
            guard let session = sessions[token], session.expires > now else {
                sessions[token] = nil
                return nil
            }
            guard state.users[session.user]?.passwordHash == session.passwordHash,
                session.authRevision == state.revision || !store.sharesTokens
            else {
                // The user was deleted or its password changed since the token was issued, or
                // (tokens shared) another node may have revoked it: look it up again.
                sessions[token] = nil
                return nil
            }
            sessions[token]?.expires = now + ttl
            return session
        }
        if let session { return session.user }
        guard let shared = try await store.sharedTokenUser(token), let user = state.users[shared] else {
            throw StoreError.invalidAuthToken
        }
        remember(token, user: user, at: state.revision)
        return shared
    }

    /// Requires the current user (if auth is on) to hold the root role.
    func requireAdmin() async throws {
        let state = try await store.authState()
        guard let user = try await currentUser(state) else { return }
        guard state.isAdmin(user) else { throw StoreError.permissionDenied }
    }

    /// Requires read (or write) permission on every range given.
    func require(_ ranges: [KeyRange], write: Bool) async throws {
        let state = try await store.authState()
        guard let user = try await currentUser(state) else { return }
        for range in ranges where !state.permits(user, range: range, write: write) {
            throw StoreError.permissionDenied
        }
    }

    /// Requires the permissions a transaction needs: read for its compares and ranges, write for
    /// its puts and deletes, in both branches.
    func require(_ txn: TxnRequest) async throws {
        var reads = txn.compare.map(\.range)
        var writes: [KeyRange] = []
        func collect(_ ops: [RequestOp]) {
            for op in ops {
                switch op {
                case .range(let range): reads.append(range.range)
                case .put(let put): writes.append(KeyRange(key: put.key))
                case .deleteRange(let delete): writes.append(delete.range)
                case .txn(let nested):
                    reads += nested.compare.map(\.range)
                    collect(nested.success + nested.failure)
                }
            }
        }
        collect(txn.success + txn.failure)
        try await require(reads, write: false)
        try await require(writes, write: true)
    }
}
