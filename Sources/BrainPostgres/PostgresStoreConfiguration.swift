public import Foundation

/// How a ``PostgresStore`` reaches its database and paces its background work.
public struct PostgresStoreConfiguration: Sendable {
    /// Whether and how the connection to PostgreSQL is encrypted, and what is checked (libpq's
    /// `sslmode` values).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (`allow` reads as this too).
        case disable
        /// TLS when the server offers it, the server's certificate not checked.
        case prefer
        /// TLS or no connection, the server's certificate not checked unless a root certificate
        /// file is given (then as `verify-ca`, as libpq does).
        case require
        /// TLS, the server's certificate chaining to the root certificates (the file given, else
        /// the system's).
        case verifyCA = "verify-ca"
        /// As `verify-ca`, and the certificate names the host connected to.
        case verifyFull = "verify-full"
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
    /// A PEM file of the certificates the server's must chain to (libpq's `sslrootcert`).
    public var tlsRootCertificateFile: String?
    /// A PEM certificate this node presents to the server (libpq's `sslcert`), for PostgreSQL's
    /// `cert` authentication; with ``tlsClientKeyFile``.
    public var tlsClientCertificateFile: String?
    /// The PEM private key of ``tlsClientCertificateFile`` (libpq's `sslkey`).
    public var tlsClientKeyFile: String?
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
    /// Whether the node keeps every live key in memory (a read cache fed by the watch poll), so
    /// ranges at the newest revision need no SQL statement. It costs memory for the whole live
    /// key space on every node and one poll every ``watchPollInterval`` even without watchers
    /// (on followers; the leader's own commits keep its cache current).
    public var readCache: Bool
    /// How long a linearizable range waits for the read cache to reach the revision it must
    /// see before it reads from the database instead.
    public var readCacheWait: Duration
    /// How often a node checks the auth revision and the alarms for another node's changes; a
    /// change made elsewhere is enforced here within about this long.
    public var authPollInterval: Duration
    /// The size quota in bytes of `brain_kv` (with its indexes); past it the leader raises the
    /// no-space alarm and writes are refused until it is disarmed. 0: no quota.
    public var quotaBytes: Int64

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
        memberTimeout: Duration = .seconds(5),
        readCache: Bool = true,
        readCacheWait: Duration = .seconds(1),
        authPollInterval: Duration = .milliseconds(100),
        quotaBytes: Int64 = 0
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
        self.readCache = readCache
        self.readCacheWait = readCacheWait
        self.authPollInterval = authPollInterval
        self.quotaBytes = quotaBytes
    }

    /// The libpq environment variables a URL parameter takes precedence over.
    public static let environmentParameters = [
        "PGSSLMODE": "sslmode", "PGSSLROOTCERT": "sslrootcert", "PGSSLCERT": "sslcert", "PGSSLKEY": "sslkey",
    ]

    /// Reads a libpq-style URL: `postgres://user[:password]@host[:port]/database[?parameters]`
    /// (`postgresql://` also works) with the parameters `sslmode`, `sslrootcert`, `sslcert` and
    /// `sslkey`, each defaulting to its libpq environment variable in `environment`
    /// (``environmentParameters``). The user defaults to `postgres`, the database to the user.
    /// - Throws: ``PostgresStoreConfigurationError`` for anything else.
    public init(url text: String, environment: [String: String] = [:]) throws(PostgresStoreConfigurationError) {
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
        var parameters: [String: String] = [:]
        for (variable, name) in Self.environmentParameters {
            if let value = environment[variable], !value.isEmpty { parameters[name] = value }
        }
        for item in components.queryItems ?? [] {
            parameters[item.name] = item.value ?? ""
        }
        for (name, value) in parameters {
            switch name {
            case "sslmode":
                guard let mode = value == "allow" ? .disable : TLSMode(rawValue: value) else {
                    throw .invalidParameter(name, value)
                }
                self.tls = mode
            case "sslrootcert": self.tlsRootCertificateFile = value
            case "sslcert": self.tlsClientCertificateFile = value
            case "sslkey": self.tlsClientKeyFile = value
            default: throw .unsupportedParameter(name)
            }
        }
        if (self.tlsClientCertificateFile == nil) != (self.tlsClientKeyFile == nil) {
            throw .invalidParameter("sslcert", "sslcert and sslkey go together")
        }
    }
}
