import BrainEngine
import Foundation
public import Logging
import PostgresNIO
public import ServiceLifecycle
public import StoreCore
import Synchronization

/// brain's store on PostgreSQL: the etcd v3 key space kept in tables, so several stateless brain
/// nodes on one database form one store.
///
/// One node leads, elected through the database (``PostgresElection``); the others forward their
/// writes to it over a ``LeaderConnection``. The leader commits the writes that arrive together
/// in one go (group commit, ``PostgresWriteBatcher``), fenced by a lock on the `brain_leader`
/// row (only while this node holds the leadership's epoch): it gives each request the next
/// revision, inserts one `brain_kv` row per changed key and bumps the revision in `brain_meta`,
/// in one statement from a snapshot when the requests read only single keys, else in a
/// transaction; a write is acknowledged only after the commit returned. So
/// there is one revision order, a deposed leader never writes, and nothing acknowledged exists
/// only in memory.
/// Ranges at the newest revision are answered on every node from its ``PostgresReadCache`` (a
/// linearizable one after the cache caught up with the revision one shared poll read); other
/// reads are single statements that read the revision and the rows in one snapshot. Watchers poll `brain_kv` by revision (see ``PostgresWatchHub``). The schema and the
/// fencing argument are in `docs/brain-postgres.md`.
///
/// ```swift
/// let store = PostgresStore(configuration: try PostgresStoreConfiguration(url: "postgres://brain@db/brain"),
///                           logger: logger)
/// let group = ServiceGroup(services: [store, server], logger: logger)
/// try await group.run()   // connections, schema, election, watch polling, lease expiry
/// ```
public final class PostgresStore: KeyValueStore, Service {
    /// The configuration the store runs with.
    public let configuration: PostgresStoreConfiguration
    let client: PostgresClient
    let logger: Logger
    let watchHub: PostgresWatchHub
    /// Every live key in memory, when ``PostgresStoreConfiguration/readCache`` is on.
    let readCache: PostgresReadCache?
    let election: PostgresElection
    let leaderLink: LeaderLink
    /// The leader's writes waiting for the next batch.
    let batcher = PostgresWriteBatcher()
    /// How the leader's batches committed.
    let batchCounts = WriteBatchCounts()
    /// What the leader's last batch left, for the next one; nil when unknown.
    let committedState = Mutex<CommittedState?>(nil)
    /// Connection leases with deadlines, so a request can stop waiting for one.
    let leases: ConnectionLeases
    /// Set once the schema exists; requests wait for it (briefly) before touching tables.
    private let ready = Atomic<Bool>(false)
    /// The alarms raised on any node, as last read or changed here, and how many changes this
    /// node made (a poll that read before a change of this node must not undo it).
    let alarmSet = Mutex<(alarms: Set<Alarm>, changes: Int)>(([], 0))
    /// The cluster ID shared by every node of the database; 0 until the schema is ready.
    let sharedClusterID = Atomic<UInt64>(0)
    /// The newest auth state read or written here; nil until first read.
    let authCache = Mutex<AuthState?>(nil)

    /// Creates a store; it connects when ``run()`` starts.
    /// - Parameters:
    ///   - configuration: the database and the store's tuning.
    ///   - member: this node as the member list shows it; followers forward writes to the
    ///     leader's `clientURLs`. By default a random ID and no URLs (a node nobody forwards to).
    ///   - connectToLeader: opens a connection to the leader given its client URLs (throwing when
    ///     it cannot connect); by default none can be opened, so only the leader writes.
    ///   - logger: receives connection, leadership and maintenance messages.
    /// - Throws: ``PostgresStoreConfigurationError`` when a TLS file cannot be read.
    public init(
        configuration: PostgresStoreConfiguration,
        member: StoreMember = StoreMember(id: .random(in: 1...UInt64.max), name: "default", clientURLs: []),
        connectToLeader: @escaping @Sendable ([String]) async throws -> any LeaderConnection = { _ in
            throw StoreError.unavailable("etcdserver: no leader")
        },
        logger: Logger
    ) throws(PostgresStoreConfigurationError) {
        self.configuration = configuration
        self.logger = logger
        self.leases = ConnectionLeases(
            wait: configuration.connectionWait, limit: configuration.connectionWait + Self.requestTimeout)
        var client = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: try configuration.clientTLS())
        client.options.maximumConnections = max(1, configuration.poolSize)
        client.options.connectTimeout = .seconds(5)
        self.client = PostgresClient(configuration: client, backgroundLogger: logger)
        readCache = configuration.readCache ? PostgresReadCache(wait: configuration.readCacheWait) : nil
        watchHub = PostgresWatchHub(configuration: configuration, readCache: readCache)
        election = PostgresElection(member: member, configuration: configuration, logger: logger)
        leaderLink = LeaderLink(connect: connectToLeader)
    }

    // MARK: Service

    /// Runs the connection pool, creates the schema, then takes part in the leader election,
    /// polls for watch events and auth changes and (while leading) expires leases until graceful
    /// shutdown or cancellation; then gives up the leadership and closes the pool.
    public func run() async throws {
        // Not a child task: the pool and the leases must outlive the cancellation of run() until
        // the work below (the resignation last) has ended.
        let connections = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.client.run() }
                group.addTask { await self.leases.run() }
            }
        }
        await cancelWhenGracefulShutdown {
            guard await self.prepareSchema() else { return }
            await withDiscardingTaskGroup { background in
                background.addTask { await self.election.run(database: self.queryRows) }
                background.addTask { await self.batcher.run(commit: self.commit) }
                background.addTask { await self.watchHub.run(store: self) }
                background.addTask {
                    await self.every(.seconds(1)) {
                        if self.election.epoch != nil {
                            await self.expireLeases()
                            await self.checkQuota()
                        }
                    }
                }
                background.addTask { await self.resumeCompaction() }
                background.addTask { await self.every(self.configuration.authPollInterval) { await self.pollSharedState() } }
            }
        }
        watchHub.shutdown()
        leases.finish()
        await leaderLink.close()
        connections.cancel()
        await connections.value
        logger.info("postgres store closed")
    }

    /// Creates the tables, retrying while the database is unreachable; false when cancelled.
    private func prepareSchema() async -> Bool {
        var attempt = 0
        while !Task.isCancelled {
            do {
                let clusterID = try await withConnection { [logger] connection in
                    for statement in PostgresSchema.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    return try await PostgresSchema.clusterID(on: connection, logger: logger)
                }
                if let clusterID { sharedClusterID.store(clusterID, ordering: .relaxed) }
                ready.store(true, ordering: .releasing)
                logger.info(
                    "postgres store ready",
                    metadata: ["postgres.host": "\(configuration.host)", "postgres.database": "\(configuration.database)"])
                return true
            } catch {
                attempt += 1
                // Two nodes creating the schema at once can collide; the next attempt sees it.
                if attempt == 1 || attempt % 20 == 0 {
                    logger.warning("cannot prepare the postgres schema; retrying", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        return false
    }

    func every(_ interval: Duration, _ work: () async -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await work()
        }
    }

    // MARK: Talking to the database

    /// Runs `body` on a pooled connection once the schema is ready, turning database failures
    /// into etcd's unavailable error.
    ///
    /// While PostgreSQL is unreachable the pool queues requests until its circuit breaker trips,
    /// a minute later; a request that gets no connection within
    /// ``PostgresStoreConfiguration/connectionWait`` fails with unavailable instead, so clients
    /// hear of the outage at once.
    func database<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws(StoreError) -> Result {
        try await waitUntilReady()
        do {
            return try await withConnection(body)
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError {
            logger.debug("postgres request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw .unavailable(Self.describe(error))
        } catch {
            throw .unavailable("etcdserver: postgres: \(error)")
        }
    }

    /// Runs one statement on a pooled connection and collects its rows, or throws unavailable if
    /// no connection is leased in time or the statement does not end in time.
    @Sendable func queryRows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { [logger] connection in try await connection.query(query, logger: logger).collect() }
    }

    /// How long a request's statements may take once it holds a connection; past it the request
    /// answers etcd's request timeout (its outcome unknown, as etcd's own timeout leaves it).
    static let requestTimeout: Duration = .seconds(5)

    /// Runs `body` on a pooled connection, or throws unavailable if none is leased in time or the
    /// work does not end in time.
    private func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await self.leases.lease(timedOut: {
            // etcd's own message, which clients recognise.
            StoreError.unavailable("etcdserver: request timed out")
        }) { claim in
            try await self.client.withConnection { connection in
                guard claim() else { throw CancellationError() }
                return try await body(connection)
            }
        }
    }

    private static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return "etcdserver: postgres: \(message)" }
        return "etcdserver: postgres unavailable (\(error.code))"
    }

    /// Whether this node's own commits keep its watchers and read cache current, so its watch hub
    /// needs no poll while no linearizable read waits: it leads, its last batch committed under
    /// its epoch, and the watchers and the cache got that batch.
    var ownCommitsKeepWatchersCurrent: Bool {
        guard let epoch = election.epoch, let state = committedState.withLock({ $0 }), state.fence.epoch == epoch,
            watchHub.delivered == state.revision
        else { return false }
        guard let readCache else { return true }
        return readCache.revision == state.revision && !readCache.readsWaitForPoll
    }

    func waitUntilReady() async throws(StoreError) {
        if ready.load(ordering: .acquiring) { return }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            if ready.load(ordering: .acquiring) { return }
        }
        throw .unavailable("etcdserver: postgres backend not ready")
    }

    /// Runs `body` in a write transaction holding the revision lock, fenced by `fence`, together
    /// with the other writes waiting meanwhile (``PostgresWriteBatcher``); returns once that
    /// transaction committed. Nil when `fence` no longer holds the leadership: nothing was written.
    func write<Response: Sendable>(
        fence: PostgresWriter.Fence, footprint: WriteFootprint,
        _ body: @escaping @Sendable (PostgresWriter) async throws -> Response
    ) async throws(StoreError) -> Response? {
        try await waitUntilReady()
        return try await batcher.submit(fence: fence, footprint: footprint, body)
    }

    /// Runs `body` in one read-only snapshot transaction, without the revision lock.
    func read<Response: Sendable>(_ body: @escaping @Sendable (PostgresWriter) async throws -> Response) async throws(StoreError) -> Response {
        try await database { [logger] connection in
            try await Self.finish(try await PostgresWriter.beginReadOnly(on: connection, logger: logger), body)
        }
    }

    /// Runs `body` in the transaction `writer` began, then commits, or rolls back if it failed.
    static func finish<Response>(_ writer: PostgresWriter, _ body: @Sendable (PostgresWriter) async throws -> Response) async throws -> Response {
        do {
            let response = try await body(writer)
            try await writer.commit()
            return response
        } catch {
            await writer.rollback()
            throw error
        }
    }

    // MARK: KeyValueStore

    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        if request.revision <= 0, let readCache {
            let view = request.serializable ? readCache.view : await readCache.linearizableView(wakePoller: watchHub.wakeUp)
            if let view { return view.range(request) }
        }
        return try await rangeFromDatabase(request)
    }

    /// A range read by one SQL statement, the revision check and the rows from one snapshot.
    func rangeFromDatabase(_ request: RangeRequest) async throws -> RangeResponse {
        let query = RangeQuery(request: request)
        return try await database { [logger] connection in
            let rows = try await connection.query(try query.standalone(), logger: logger)
            var current: Revision = 0
            var compact: Revision = 0
            var total: Int64 = 0
            var kvs: [KeyValue] = []
            for try await (revision, compactRevision, key, create, mod, version, value, lease, count) in rows.decode(
                (Int64, Int64, Data?, Int64?, Int64?, Int64?, Data?, Int64?, Int64?).self)
            {
                current = revision
                compact = compactRevision
                guard let key, let create, let mod, let version, let lease, let count else { continue }
                total = count
                kvs.append(
                    KeyValue(
                        key: key, createRevision: create, modRevision: mod, version: version, value: value ?? Data(),
                        lease: lease))
            }
            if request.revision > current { throw StoreError.futureRevision }
            if request.revision > 0 && request.revision < compact { throw StoreError.compacted }
            return request.response(kvs: kvs, count: total, current: current)
        }
    }

    public func put(_ request: PutRequest) async throws -> PutResponse {
        try request.validate()
        try checkSpace()
        return try await write(forward: { try await $0.put(request) }, footprint: WriteFootprint(request)) { writer in
            try await writer.perform(request)
        }
    }

    public func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        if request.range.start.isEmpty { throw StoreError.emptyKey }
        return try await write(forward: { try await $0.deleteRange(request) }, footprint: WriteFootprint(request)) {
            writer in try await writer.deleteRange(request)
        }
    }

    public func txn(_ request: TxnRequest) async throws -> TxnResponse {
        try request.validate(maxOperations: configuration.maxTxnOperations)
        if request.isReadOnly { return try await read { try await $0.perform(request) } }
        if request.containsPuts { try checkSpace() }
        return try await write(forward: { try await $0.txn(request) }, footprint: WriteFootprint(request)) { writer in
            try await writer.perform(request)
        }
    }

    public func openWatchSession() -> any WatchSession {
        watchHub.openSession()
    }
}


