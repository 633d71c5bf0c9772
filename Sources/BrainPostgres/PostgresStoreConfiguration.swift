public import Foundation

/// How a ``PostgresStore`` reaches its database and paces its background work.
public struct PostgresStoreConfiguration: Sendable {
    /// Whether and how the connection to PostgreSQL is encrypted (libpq's `sslmode`).
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection (the certificate is verified against the system's roots).
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port (PostgreSQL's default is 5432).
    public var port: Int
    /// The role to log in as.
    public var username: String
    /// The role's password, if the server asks for one.
    public var password: String?
    /// The database holding brain's tables.
    public var database: String
    /// Encryption of the connection; `disable` unless the URL says otherwise.
    public var tls: TLSMode
    /// The most connections this node opens (writers serialize on one row, so a few suffice).
    public var poolSize: Int
    /// How often watchers look for new revisions in the database.
    public var watchPollInterval: Duration
    /// How often idle watchers that asked for progress notifications get one.
    public var progressNotifyInterval: Duration
    /// The most operations one transaction list may hold (etcd's `--max-txn-ops`).
    public var maxTxnOperations: Int
    /// How many revisions one compaction batch covers (each batch is its own short transaction).
    public var compactionBatchRevisions: Int64
    /// How long a request waits for a pooled connection before failing with unavailable (the
    /// database is unreachable, or every connection stayed busy that long).
    public var connectionWait: Duration
    /// How long a leader's lease lasts without renewal (on the database's clock); a new leader
    /// can take over this long after the last renewal at the latest.
    public var leaderLease: Duration
    /// How often a node renews its leadership or, as a follower, tries to take an expired one,
    /// and refreshes its membership heartbeat.
    public var leaderRenewInterval: Duration
    /// How long a write waits for a reachable leader before failing with etcd's "no leader".
    public var leaderWait: Duration
    /// A member without a heartbeat for this long is left out of the member list.
    public var memberTimeout: Duration

    /// Creates a configuration; every tuning knob has a default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 5432,
        username: String = "postgres",
        password: String? = nil,
        database: String = "postgres",
        tls: TLSMode = .disable,
        poolSize: Int = 8,
        watchPollInterval: Duration = .milliseconds(10),
        progressNotifyInterval: Duration = .seconds(600),
        maxTxnOperations: Int = 128,
        compactionBatchRevisions: Int64 = 1000,
        connectionWait: Duration = .seconds(2),
        leaderLease: Duration = .seconds(3),
        leaderRenewInterval: Duration = .seconds(1),
        leaderWait: Duration = .seconds(3),
        memberTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.poolSize = poolSize
        self.watchPollInterval = watchPollInterval
        self.progressNotifyInterval = progressNotifyInterval
        self.maxTxnOperations = maxTxnOperations
        self.compactionBatchRevisions = compactionBatchRevisions
        self.connectionWait = connectionWait
        self.leaderLease = leaderLease
        self.leaderRenewInterval = leaderRenewInterval
        self.leaderWait = leaderWait
        self.memberTimeout = memberTimeout
    }

    /// Reads a libpq-style URL: `postgres://user[:password]@host[:port]/database[?sslmode=…]`
    /// (`postgresql://` also works). The user defaults to `postgres`, the database to the user.
    /// - Throws: ``PostgresStoreConfigurationError`` for anything else.
    public init(url text: String) throws(PostgresStoreConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw .invalidURL(text) }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(text) }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        self.init(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password.flatMap { $0.removingPercentEncoding },
            database: database.isEmpty ? user : database)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw .invalidURL(text)
                }
            default: throw .unsupportedParameter(item.name)
            }
        }
    }
}
