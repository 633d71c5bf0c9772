import Foundation
import Logging
import PostgresNIO
import StoreCore

/// Reading and writing an ``AuthState`` in the `brain_auth*` tables (see ``PostgresSchema``).
///
/// Changes are ordered by the auth revision, which every change bumps: ``save(_:over:on:logger:)``
/// writes only if the `brain_auth` row still holds the revision the change was computed from
/// (a compare-and-set under the row's lock), so two nodes changing auth at once never lose
/// either change; the one that finds a newer revision computes its change again.
enum PostgresAuthTables {
    /// Reads the whole state in one statement, so from one snapshot.
    static func load(on connection: PostgresConnection, logger: Logger) async throws -> AuthState {
        // One row shape for every table: section, name, two byte columns, a number, a kind, a flag.
        let rows = try await connection.query(
            """
            SELECT 0, NULL::bytea, NULL::bytea, NULL::bytea, revision, 0, enabled FROM brain_auth WHERE id = 1
            UNION ALL SELECT 1, name, password_hash, NULL, 0, 0, no_password FROM brain_auth_user
            UNION ALL SELECT 2, user_name, role_name, NULL, position, 0, false FROM brain_auth_user_role
            UNION ALL SELECT 3, name, NULL, NULL, 0, 0, false FROM brain_auth_role
            UNION ALL SELECT 4, role_name, key, range_end, position, kind, false FROM brain_auth_permission
            ORDER BY 1, 2, 5
            """, logger: logger)
        var header: (enabled: Bool, revision: UInt64)?
        var users: [Data: AuthUser] = [:]
        var roles: [Data: AuthRole] = [:]
        for try await (section, name, first, second, number, kind, flag) in rows.decode(
            (Int32, Data?, Data?, Data?, Int64, Int32, Bool).self)
        {
            switch (section, name) {
            case (0, _):
                header = (flag, UInt64(bitPattern: number))
            case (1, let name?):
                users[name] = AuthUser(name: Self.string(name), passwordHash: [UInt8](first ?? Data()), noPassword: flag)
            case (2, let name?):
                users[name]?.roles.append(Self.string(first ?? Data()))
            case (3, let name?):
                roles[name] = AuthRole(name: Self.string(name))
            case (4, let name?):
                guard let kind = Permission.Kind(rawValue: Int(kind)) else { continue }
                let range = KeyRange(key: first ?? Data(), rangeEnd: second ?? Data())
                roles[name]?.permissions.append(Permission(kind: kind, range: range))
            default:
                continue
            }
        }
        guard let header else { throw StoreError.unavailable("etcdserver: postgres: brain_auth row missing") }
        return AuthState(
            isEnabled: header.enabled, revision: header.revision, users: Array(users.values), roles: Array(roles.values))
    }

    /// Writes `new` in one transaction if the tables still hold `old` (same revision), rewriting
    /// only the users and roles that differ; false (nothing written) if another change came first.
    static func save(_ new: AuthState, over old: AuthState, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query("BEGIN", logger: logger)
        do {
            let claimed = try await connection.query(
                """
                UPDATE brain_auth SET enabled = \(new.isEnabled), revision = \(Int64(bitPattern: new.revision))
                WHERE id = 1 AND revision = \(Int64(bitPattern: old.revision)) RETURNING id
                """, logger: logger)
            var won = false
            for try await _ in claimed.decode(Int16.self) { won = true }
            guard won else {
                try await connection.query("ROLLBACK", logger: logger)
                return false
            }
            if old.isEnabled && !new.isEnabled {
                // etcd drops every token when auth is turned off.
                try await connection.query("DELETE FROM brain_auth_token", logger: logger)
            }
            for name in Self.changedNames(old.users, new.users) {
                let key = Data(name.utf8)
                // A deleted user's or a changed password's tokens no longer work, as in etcd.
                try await connection.query("DELETE FROM brain_auth_token WHERE user_name = \(key)", logger: logger)
                try await connection.query("DELETE FROM brain_auth_user_role WHERE user_name = \(key)", logger: logger)
                try await connection.query("DELETE FROM brain_auth_user WHERE name = \(key)", logger: logger)
                guard let user = new.users[name] else { continue }
                try await connection.query(
                    """
                    INSERT INTO brain_auth_user (name, password_hash, no_password)
                    VALUES (\(key), \(Data(user.passwordHash)), \(user.noPassword))
                    """, logger: logger)
                for (position, role) in user.roles.enumerated() {
                    try await connection.query(
                        """
                        INSERT INTO brain_auth_user_role (user_name, position, role_name)
                        VALUES (\(key), \(Int32(position)), \(Data(role.utf8)))
                        """, logger: logger)
                }
            }
            for name in Self.changedNames(old.roles, new.roles) {
                let key = Data(name.utf8)
                try await connection.query("DELETE FROM brain_auth_permission WHERE role_name = \(key)", logger: logger)
                try await connection.query("DELETE FROM brain_auth_role WHERE name = \(key)", logger: logger)
                guard let role = new.roles[name] else { continue }
                try await connection.query("INSERT INTO brain_auth_role (name) VALUES (\(key))", logger: logger)
                for (position, permission) in role.permissions.enumerated() {
                    try await connection.query(
                        """
                        INSERT INTO brain_auth_permission (role_name, position, kind, key, range_end)
                        VALUES (\(key), \(Int32(position)), \(Int32(permission.kind.rawValue)),
                                \(permission.range.start), \(permission.range.end))
                        """, logger: logger)
                }
            }
            try await connection.query("COMMIT", logger: logger)
            return true
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Records a token issued for `user` until `ttl` from now (database clock), dropping expired
    /// ones on the way.
    static func insertToken(
        _ token: String, user: String, ttl: Duration, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            WITH expired AS (DELETE FROM brain_auth_token WHERE expires_at < now())
            INSERT INTO brain_auth_token (token, user_name, expires_at)
            VALUES (\(token), \(Data(user.utf8)), now() + \(ttl.milliseconds) * interval '1 millisecond')
            """, logger: logger)
    }

    /// The user of an unexpired token, or nil.
    static func tokenUser(_ token: String, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.query(
            "SELECT user_name FROM brain_auth_token WHERE token = \(token) AND expires_at > now()", logger: logger)
        for try await name in rows.decode(Data.self) { return Self.string(name) }
        return nil
    }

    /// The names whose entries differ between `old` and `new` (changed, added or removed).
    private static func changedNames<Value: Equatable>(_ old: [String: Value], _ new: [String: Value]) -> Set<String> {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
    }

    private static func string(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self)
    }
}
