import CoreMetrics
import Foundation
public import Logging
public import ServiceLifecycle
public import StoreCore
import Synchronization

/// Brain's embedded engine: an etcd-v3-compatible key-value store in one process.
///
/// The key space lives in memory as an MVCC index (``MVCCState``); every change is appended to a
/// write-ahead log and acknowledged only once that log is synced, with concurrent writers sharing
/// syncs (group commit). Reads see only durable revisions, and watchers receive events only once
/// they are durable, so nothing a client saw can be lost in a crash.
///
/// ## Running a store
///
/// ```swift
/// let store = try BrainStore(configuration: BrainConfiguration(dataDirectory: url), logger: logger)
/// let group = ServiceGroup(services: [store], logger: logger)
/// try await group.run()   // background work: lease expiry, progress notifications, snapshots
/// ```
public final class BrainStore: KeyValueStore, StoreMaintenance, Service {
    /// Events waiting for their log group to become durable.
    struct Publication: Sendable {
        var ticket: UInt64
        var revision: Revision
        var events: [Event]
    }

    struct State: Sendable {
        var mvcc = MVCCState()
        var auth = AuthState()
        var watchers = WatcherRegistry()
        var pending: [Publication] = []
        /// The newest revision whose log group is durable: what reads and watchers see.
        var readableRevision: Revision = 1
        /// The newest ticket appended to the backend.
        var lastTicket: UInt64 = 0
        var alarms: Set<Alarm> = []
        var nextSessionID: UInt64 = 1
        var closed = false
    }

    /// The configuration the store runs with.
    public let configuration: BrainConfiguration
    let state: Mutex<State>
    let backend: any StorageBackend
    let logger: Logger
    let metrics = BrainMetrics()
    private let snapshotInFlight = Atomic<Bool>(false)

    /// Opens a store: creates or recovers its data directory (or starts empty in memory).
    /// - Parameters:
    ///   - configuration: where and how to store data.
    ///   - logger: receives recovery and maintenance messages.
    /// - Throws: ``StoreError/unavailable(_:)`` when the data cannot be read or is corrupt.
    public init(configuration: BrainConfiguration, logger: Logger) throws(StoreError) {
        self.configuration = configuration
        self.logger = logger
        if let directory = configuration.dataDirectory {
            backend = try FileBackend(directory: directory, syncDelay: configuration.syncDelay)
        } else {
            backend = MemoryBackend()
        }
        let recovery = try backend.recover()
        var recovered = State()
        if let image = recovery.image {
            recovered.mvcc = image.state
            recovered.auth = image.auth
            recovered.alarms = image.alarms
        }
        let now = ContinuousClock.now
        for group in recovery.groups {
            for record in group { Self.replay(record, into: &recovered, now: now) }
        }
        recovered.lastTicket = recovery.lastTicket
        recovered.readableRevision = recovered.mvcc.currentRevision
        state = Mutex(recovered)
        logger.info(
            "brain store opened",
            metadata: [
                "brain.revision": "\(recovered.mvcc.currentRevision)",
                "brain.keys": "\(recovered.mvcc.index.count)",
                "brain.leases": "\(recovered.mvcc.leases.count)",
                "brain.replayedGroups": "\(recovery.groups.count)",
            ])
    }

    private static func replay(_ record: LogRecord, into state: inout State, now: ContinuousClock.Instant) {
        switch record {
        case .commit(let commit): state.mvcc.apply(commit)
        case .leaseGrant(let id, let ttl):
            state.mvcc.leases[id] = LeaseRecord(id: id, ttl: ttl, deadline: now + .seconds(ttl))
        case .leaseRevoke(let id): state.mvcc.leases[id] = nil
        case .compaction(let revision): state.mvcc.applyCompaction(to: revision)
        case .auth(let auth): state.auth = auth
        case .alarms(let alarms): state.alarms = alarms
        }
    }

    // MARK: The write path

    /// Runs `body` under the lock, logs what it produced, waits until that is durable, then
    /// publishes to watchers.
    func write<Response: Sendable>(
        _ body: (inout State) throws(StoreError) -> (Response, [LogRecord], Publication?)
    ) async throws(StoreError) -> Response {
        let (response, ticket) = try state.withLock { state throws(StoreError) -> (Response, UInt64) in
            guard !state.closed else { throw .unavailable("etcdserver: server stopped") }
            let (response, records, publication): (Response, [LogRecord], Publication?)
            do throws(StoreError) { (response, records, publication) = try body(&state) } catch {
                metrics.proposalsFailed.increment()
                throw error
            }
            if !records.isEmpty { state.lastTicket = backend.append(records) }
            if var publication {
                publication.ticket = state.lastTicket
                state.pending.append(publication)
            }
            return (response, state.lastTicket)
        }
        metrics.proposalsCommitted.increment()
        try await backend.waitUntilDurable(ticket)
        publish()
        metrics.proposalsApplied.increment()
        return response
    }

    /// Delivers every publication whose log group is durable and advances the readable revision.
    private func publish() {
        let durable = backend.durableTicket
        state.withLock { state in
            var published = 0
            for publication in state.pending {
                guard publication.ticket <= durable else { break }
                state.watchers.deliver(publication.events, revision: publication.revision)
                state.readableRevision = max(state.readableRevision, publication.revision)
                published += 1
            }
            state.pending.removeFirst(published)
        }
    }

    func checkSpace(_ state: inout State) throws(StoreError) {
        if state.alarms.contains(.noSpace) { throw .noSpace }
        if backend.sizeInBytes > configuration.effectiveQuotaBytes {
            state.alarms.insert(.noSpace)
            // Logged now (the refused write logs nothing), made durable with the next sync.
            state.lastTicket = backend.append([.alarms(state.alarms)])
            logger.warning("size quota exceeded; writes refused until space is freed and the alarm disarmed")
            throw .noSpace
        }
    }

    // MARK: KeyValueStore

    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        metrics.ranges.increment()
        return try state.withLock { state throws(StoreError) in
            try state.mvcc.range(request, current: state.readableRevision)
        }
    }

    public func put(_ request: PutRequest) async throws -> PutResponse {
        metrics.puts.increment()
        return try await write { state throws(StoreError) in
            try checkSpace(&state)
            return Self.logged(try state.mvcc.put(request))
        }
    }

    public func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        metrics.deletes.increment()
        return try await write { state throws(StoreError) in Self.logged(try state.mvcc.deleteRange(request)) }
    }

    public func txn(_ request: TxnRequest) async throws -> TxnResponse {
        metrics.txns.increment()
        return try await write { state throws(StoreError) in
            if request.containsPuts { try checkSpace(&state) }
            return Self.logged(try state.mvcc.txn(request, maxOperations: configuration.maxTxnOperations))
        }
    }

    /// The log records and watcher publication of an MVCC write, with `extra` records after the commit.
    static func logged<Response>(
        _ result: MVCCState.WriteResult<Response>, extra: [LogRecord] = []
    ) -> (Response, [LogRecord], Publication?) {
        guard let commit = result.commit else { return (result.response, extra, nil) }
        return (
            result.response, [.commit(commit)] + extra,
            Publication(ticket: 0, revision: commit.revision, events: result.events)
        )
    }

    public func compact(revision: Revision, physical: Bool) async throws -> Revision {
        try await write { state throws(StoreError) in
            try state.mvcc.compact(to: revision)
            return (state.mvcc.currentRevision, [.compaction(revision)], nil)
        }
    }

    public func openWatchSession() -> any WatchSession {
        let id = state.withLock { state in
            defer { state.nextSessionID += 1 }
            return state.nextSessionID
        }
        return EngineWatchSession(id: id, store: self)
    }

    // MARK: Maintenance

    public func status() -> StoreStatus {
        let size = backend.sizeInBytes
        let durable = backend.durableTicket
        return state.withLock { state in
            StoreStatus(
                revision: state.readableRevision,
                compactRevision: state.mvcc.compactRevision,
                sizeInBytes: size,
                sizeInUseBytes: size,
                commitIndex: durable,
                keyCount: state.mvcc.index.count,
                watcherCount: state.watchers.count,
                alarms: state.alarms
            )
        }
    }

    /// The raised alarms.
    public var alarms: Set<Alarm> { state.withLock { $0.alarms } }

    /// Raises an alarm, durably: it survives a restart, as etcd's do.
    public func activate(_ alarm: Alarm) async throws {
        try await changeAlarms { _ = $0.insert(alarm) }
    }

    /// Disarms an alarm, durably; a no-space alarm comes back on the next write if the store is
    /// still over its quota.
    public func deactivate(_ alarm: Alarm) async throws {
        try await changeAlarms { _ = $0.remove(alarm) }
    }

    private func changeAlarms(_ change: (inout Set<Alarm>) -> Void) async throws {
        try await write { state throws(StoreError) in
            let before = state.alarms
            change(&state.alarms)
            return ((), state.alarms == before ? [] : [.alarms(state.alarms)], nil)
        }
    }

    /// Writes a snapshot of the current state and drops the log it covers, reclaiming the space
    /// of compacted history.
    public func defragment() async throws(StoreError) {
        guard !snapshotInFlight.exchange(true, ordering: .acquiring) else { return }
        defer { snapshotInFlight.store(false, ordering: .releasing) }
        let image = state.withLock { state in
            StateImage(ticket: backend.beginSnapshot(), state: state.mvcc, auth: state.auth, alarms: state.alarms)
        }
        try await backend.waitUntilDurable(image.ticket)
        let started = ContinuousClock.now
        try await backend.writeSnapshot(image)
        metrics.snapshotDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        logger.debug("snapshot written", metadata: ["brain.ticket": "\(image.ticket)"])
    }

    // MARK: Service

    /// Runs the store's background work until graceful shutdown, then flushes and closes.
    public func run() async throws {
        recordMetrics()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.every(self.configuration.leaseCheckInterval) { await self.expireLeases() } }
                group.addTask { await self.every(self.configuration.progressNotifyInterval) { self.notifyProgress() } }
                group.addTask { await self.every(.seconds(1)) { await self.snapshotIfNeeded() } }
                group.addTask { await self.every(.seconds(5)) { self.recordMetrics() } }
                if let policy = self.configuration.autoCompaction {
                    group.addTask { await self.compactAutomatically(policy) }
                }
            }
        }
        await shutdown()
    }

    private func every(_ interval: Duration, _ work: () async -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await work()
        }
    }

    private func notifyProgress() {
        state.withLock { state in state.watchers.notifyProgress(revision: state.readableRevision) }
    }

    private func compactAutomatically(_ policy: AutoCompaction) async {
        var compactor = AutoCompactor(policy: policy)
        await every(policy.checkInterval) {
            let (revision, compacted) = self.state.withLock { ($0.readableRevision, $0.mvcc.compactRevision) }
            guard let target = compactor.check(now: .now, revision: revision, compacted: compacted) else { return }
            do {
                _ = try await self.compact(revision: target, physical: false)
                self.logger.info("auto-compacted", metadata: ["etcd.revision": "\(target)"])
            } catch {
                self.logger.warning("auto-compaction failed", metadata: ["etcd.revision": "\(target)", "error": "\(error)"])
            }
        }
    }

    private func recordMetrics() {
        let status = status()
        metrics.record(
            StoreStatusReading(
                sizeInBytes: status.sizeInBytes, keyCount: status.keyCount, watcherCount: status.watcherCount,
                revision: status.revision, compactRevision: status.compactRevision))
    }

    private func snapshotIfNeeded() async {
        guard backend.sizeInBytes > configuration.snapshotThresholdBytes else { return }
        do { try await defragment() } catch { logger.error("snapshot failed", metadata: ["error": "\(error)"]) }
    }

    /// Stops accepting requests, ends every watch session and closes the backend.
    public func shutdown() async {
        let sinks = state.withLock { state -> [WatchSink] in
            state.closed = true
            let sinks = state.watchers.watchers.values.map(\.sink)
            state.watchers = WatcherRegistry()
            return sinks
        }
        for sink in sinks { sink.finish() }
        await backend.close()
        logger.info("brain store closed", metadata: ["brain.revision": "\(status().revision)"])
    }
}
