import Logging
import PostgresNIO

/// The tables brain keeps in PostgreSQL, in SQL that PostgreSQL-compatible distributed engines
/// also accept (no stored procedures, no advisory locks, no extensions).
///
/// * `brain_meta` is one row: the store revision, the compact revision and how far compaction
///   has physically deleted. Every write locks it (`SELECT … FOR UPDATE`) in the transaction that
///   bumps the revision, which is what gives all nodes one revision order.
/// * `brain_kv` holds every revision of every key still in history: one row per change, a
///   deletion being a row with `deleted` set. `sub` orders the changes of one transaction.
/// * `brain_lease` holds the live leases; `expires_at` uses the database's clock, so every node
///   agrees on expiry.
/// * `brain_leader` is one row: the member that orders writes, its client URLs, its `epoch` (the
///   fencing token, bumped at every takeover) and when its lease ends (database clock). Every
///   write locks it together with `brain_meta` (see ``PostgresWriter``).
/// * `brain_member` has a row per node with its last heartbeat (database clock), for
///   `MemberList`.
/// * `brain_auth` is one row: whether authentication is on and the auth revision, which every
///   change bumps (the compare-and-set that orders changes, see ``PostgresAuthTables``).
///   `brain_auth_user`, `brain_auth_user_role`, `brain_auth_role` and `brain_auth_permission`
///   hold the users and roles (names as `bytea`: etcd's names may hold any byte; `position`
///   keeps ``AuthState``'s order), `brain_auth_token` the tokens `Authenticate` issued, so every
///   node accepts them until they expire (database clock).
/// * `brain_cluster` is one row: the cluster ID every node reports, drawn by the first node.
/// * `brain_alarm` has a row per raised alarm (etcd's alarm type number) with the member that
///   raised it: alarms hold for every node until disarmed, as etcd's do for every member.
enum PostgresSchema {
    /// The statements that create the schema; each is idempotent.
    static let statements: [String] = [
        """
        CREATE TABLE IF NOT EXISTS brain_meta (
            id smallint PRIMARY KEY,
            revision bigint NOT NULL,
            compact_revision bigint NOT NULL,
            compacted_through bigint NOT NULL
        )
        """,
        """
        INSERT INTO brain_meta (id, revision, compact_revision, compacted_through)
        VALUES (1, 1, 0, 0) ON CONFLICT (id) DO NOTHING
        """,
        """
        CREATE TABLE IF NOT EXISTS brain_kv (
            key bytea NOT NULL,
            mod_revision bigint NOT NULL,
            sub integer NOT NULL,
            create_revision bigint NOT NULL,
            version bigint NOT NULL,
            value bytea NOT NULL,
            lease bigint NOT NULL,
            deleted boolean NOT NULL,
            PRIMARY KEY (key, mod_revision)
        )
        """,
        "CREATE INDEX IF NOT EXISTS brain_kv_by_revision ON brain_kv (mod_revision, sub)",
        "CREATE INDEX IF NOT EXISTS brain_kv_by_lease ON brain_kv (lease) WHERE lease <> 0",
        """
        CREATE TABLE IF NOT EXISTS brain_lease (
            id bigint PRIMARY KEY,
            ttl bigint NOT NULL,
            expires_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS brain_leader (
            id smallint PRIMARY KEY,
            node bigint NOT NULL,
            client_urls text NOT NULL,
            epoch bigint NOT NULL,
            expires_at timestamptz NOT NULL
        )
        """,
        """
        INSERT INTO brain_leader (id, node, client_urls, epoch, expires_at)
        VALUES (1, 0, '', 0, '-infinity') ON CONFLICT (id) DO NOTHING
        """,
        """
        CREATE TABLE IF NOT EXISTS brain_member (
            id bigint PRIMARY KEY,
            name text NOT NULL,
            client_urls text NOT NULL,
            heartbeat_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS brain_auth (
            id smallint PRIMARY KEY,
            enabled boolean NOT NULL,
            revision bigint NOT NULL
        )
        """,
        "INSERT INTO brain_auth (id, enabled, revision) VALUES (1, false, 1) ON CONFLICT (id) DO NOTHING",
        """
        CREATE TABLE IF NOT EXISTS brain_auth_user (
            name bytea PRIMARY KEY,
            password_hash bytea NOT NULL,
            no_password boolean NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS brain_auth_user_role (
            user_name bytea NOT NULL,
            position integer NOT NULL,
            role_name bytea NOT NULL,
            PRIMARY KEY (user_name, position)
        )
        """,
        "CREATE TABLE IF NOT EXISTS brain_auth_role (name bytea PRIMARY KEY)",
        """
        CREATE TABLE IF NOT EXISTS brain_auth_permission (
            role_name bytea NOT NULL,
            position integer NOT NULL,
            kind integer NOT NULL,
            key bytea NOT NULL,
            range_end bytea NOT NULL,
            PRIMARY KEY (role_name, position)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS brain_auth_token (
            token text PRIMARY KEY,
            user_name bytea NOT NULL,
            expires_at timestamptz NOT NULL
        )
        """,
        "CREATE TABLE IF NOT EXISTS brain_alarm (alarm integer PRIMARY KEY, member bigint NOT NULL)",
        "CREATE TABLE IF NOT EXISTS brain_cluster (id smallint PRIMARY KEY, cluster_id bigint NOT NULL)",
        """
        INSERT INTO brain_cluster (id, cluster_id)
        VALUES (1, floor(1 + random() * 9.2e18)::bigint) ON CONFLICT (id) DO NOTHING
        """,
    ]

    /// Reads the cluster ID the first node drew.
    static func clusterID(on connection: PostgresConnection, logger: Logger) async throws -> UInt64? {
        let rows = try await connection.query("SELECT cluster_id FROM brain_cluster WHERE id = 1", logger: logger)
        for try await id in rows.decode(Int64.self) { return UInt64(bitPattern: id) }
        return nil
    }
}
