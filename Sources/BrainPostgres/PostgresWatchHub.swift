import BrainEngine
import Foundation
import Logging
import PostgresNIO
import StoreCore
import Synchronization

/// The watchers of one ``PostgresStore`` node, and its read cache, fed by polling `brain_kv` by
/// revision.
///
/// One loop does everything that touches watchers, in order: every poll it reads the store
/// revision and the changes after the last delivered revision (with their previous pairs, in one
/// snapshot), hands them to the ``WatcherRegistry`` revision by revision and to the
/// ``PostgresReadCache`` (building it first if there is none), then carries out the sessions'
/// queued commands (create, cancel, progress, close) in the order they were made. A new watcher
/// replays its history up to the delivered revision before it joins the registry, so no event is
/// missed or repeated, whichever node wrote it. The loop polls every
/// ``PostgresStoreConfiguration/watchPollInterval``, and at once after ``wakeUp()``.
final class PostgresWatchHub: Sendable {
    /// A session's request, queued for the loop.
    enum Command: Sendable {
        case create(WatchCreateRequest, WatchSink)
        case cancel(WatchID, WatchSink)
        case deny(String, WatchSink)
        case progress(WatchSink)
        case close(WatchSink)
    }

    struct State: Sendable {
        var registry = WatcherRegistry()
        var commands: [Command] = []
        var nextSessionID: UInt64 = 1
        /// Every event up to this revision went to the registry (0 before the first poll).
        var delivered: Revision = 0
        var closed = false
    }

    /// The most revisions one poll reads; a revision is never split.
    static let windowRevisions: Int64 = 1000

    let state = Mutex(State())
    let configuration: PostgresStoreConfiguration
    /// The read cache the polls feed, if the store keeps one.
    let readCache: PostgresReadCache?
    private let wakeUps: AsyncStream<Void>
    private let wakeUpContinuation: AsyncStream<Void>.Continuation

    init(configuration: PostgresStoreConfiguration, readCache: PostgresReadCache?) {
        self.configuration = configuration
        self.readCache = readCache
        (wakeUps, wakeUpContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Delivers the changes of a batch this node committed (revisions `after` + 1 through
    /// `through`, in order) to the watchers at once, if every earlier revision went to them
    /// already; the next poll brings them otherwise.
    func publish(_ events: [Event], after: Revision, through: Revision) {
        state.withLock { state in
            guard state.delivered == after, !state.closed else { return }
            for group in Self.groupedByRevision(events) {
                state.registry.deliver(group, revision: group[0].kv.modRevision)
            }
            state.delivered = through
        }
    }

    /// Every revision through this one went to the watchers.
    var delivered: Revision { state.withLock { $0.delivered } }

    /// Makes the loop poll now rather than at the next interval (or right after the poll in flight).
    func wakeUp() {
        wakeUpContinuation.yield()
    }

    /// The number of watchers on this node.
    var watcherCount: Int { state.withLock { $0.registry.count } }

    func openSession() -> any WatchSession {
        let id = state.withLock { state in
            defer { state.nextSessionID += 1 }
            return state.nextSessionID
        }
        return PostgresWatchSession(sink: WatchSink(sessionID: id), hub: self)
    }

    /// Queues a session's command for the loop and wakes it.
    func submit(_ command: Command) {
        let refused: WatchSink? = state.withLock { state in
            guard !state.closed else {
                if case .close(let sink) = command { return sink }
                return nil
            }
            state.commands.append(command)
            return nil
        }
        refused?.finish()
        wakeUp()
    }

    /// Ends every session: the store is shutting down.
    func shutdown() {
        let sinks = state.withLock { state -> [WatchSink] in
            state.closed = true
            var sinks = state.registry.watchers.values.map(\.sink)
            for command in state.commands {
                switch command {
                case .create(_, let sink), .cancel(_, let sink), .deny(_, let sink), .progress(let sink), .close(let sink):
                    sinks.append(sink)
                }
            }
            state.registry = WatcherRegistry()
            state.commands = []
            return sinks
        }
        for sink in sinks { sink.finish() }
    }

    // MARK: The loop

    /// Polls until cancelled.
    func run(store: PostgresStore) async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while (try? await Task.sleep(for: self.configuration.watchPollInterval)) != nil { self.wakeUp() }
            }
            await pollUntilCancelled(store: store)
            group.cancelAll()
        }
    }

    private func pollUntilCancelled(store: PostgresStore) async {
        var lastProgress = ContinuousClock.now
        var lastRead = ContinuousClock.now
        var failures = 0
        var wakeUps = self.wakeUps.makeAsyncIterator()
        while !Task.isCancelled {
            var caughtUp = true
            do {
                let mayRest = ContinuousClock.now - lastRead < Self.longestRest
                let round = try await poll(store: store, mayRest: mayRest)
                if round.read { lastRead = .now }
                caughtUp = round.caughtUp
                failures = 0
            } catch {
                lastRead = .now
                // The cache may have missed what changed meanwhile (PostgreSQL restarted): rebuild it.
                readCache?.invalidate()
                if Task.isCancelled { return }
                failures += 1
                if failures == 1 || failures % 100 == 0 {
                    store.logger.warning("watch poll failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
            if ContinuousClock.now - lastProgress >= configuration.progressNotifyInterval {
                lastProgress = .now
                state.withLock { state in state.registry.notifyProgress(revision: state.delivered) }
            }
            if caughtUp {
                guard await wakeUps.next() != nil else { return }
            }
        }
    }

    /// The longest the leader goes without reading the store while its own commits keep its
    /// watchers current: a leader deposed without knowing it yet (until its next election step)
    /// still delivers the new leader's writes within this bound.
    static let longestRest: Duration = .milliseconds(100)

    /// One round: deliver new events, then carry out the queued commands.
    /// - Parameter mayRest: whether the round may skip reading the store when nothing needs it.
    /// - Returns: whether the watchers are caught up with the store (false: poll again at once),
    ///   and whether the round read the store.
    private func poll(store: PostgresStore, mayRest: Bool) async throws -> (caughtUp: Bool, read: Bool) {
        let (commands, idle, delivered) = state.withLock { state in
            defer { state.commands = [] }
            return (state.commands, state.registry.count == 0, state.delivered)
        }
        if commands.isEmpty && delivered > 0 && ((idle && readCache == nil) || (mayRest && store.ownCommitsKeepWatchersCurrent)) {
            return (true, false)
        }
        readCache?.beginPoll()
        // The revision to read events after: the watchers' and the cache's; nil when only the
        // store's revision is needed.
        var after: Revision? = idle ? nil : delivered
        let batch: EventBatch
        do {
            if let readCache { after = min(after ?? .max, try await cachedRevision(readCache, store: store)) }
            batch = try await fetch(
                store: store, after: after ?? Int64.max - 1, through: (after ?? 0) + Self.windowRevisions,
                previous: !idle)
        } catch {
            // Nothing was carried out: keep the commands, in order, for the next round.
            state.withLock { state in state.commands = commands + state.commands }
            throw error
        }
        let through = after.map { min(batch.current, $0 + Self.windowRevisions) } ?? batch.current
        readCache?.apply(batch.events, through: through, current: batch.current, compactRevision: batch.compactRevision)
        state.withLock { state in
            if !idle && delivered + 1 < batch.compactRevision {
                cancelCompacted(below: batch.compactRevision, in: &state)
            }
            if !idle {
                // The leader's own commits may have been delivered meanwhile (``publish``).
                for group in Self.groupedByRevision(batch.events) where group[0].kv.modRevision > state.delivered {
                    state.registry.deliver(group, revision: group[0].kv.modRevision)
                }
            }
            state.delivered = max(state.delivered, through)
        }
        for command in commands {
            await carryOut(command, store: store, current: batch.current, compactRevision: batch.compactRevision)
        }
        return (through >= batch.current, true)
    }

    /// The read cache's revision, after building the cache from one snapshot if it has none.
    private func cachedRevision(_ readCache: PostgresReadCache, store: PostgresStore) async throws -> Revision {
        if let revision = readCache.revision { return revision }
        let snapshot = try await store.read { try await $0.range(RangeRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])))) }
        readCache.rebuilt(LiveKeySpace(revision: snapshot.revision, pairs: snapshot.kvs))
        store.logger.debug(
            "read cache built", metadata: ["etcd.revision": "\(snapshot.revision)", "etcd.keys": "\(snapshot.kvs.count)"])
        return snapshot.revision
    }

    /// Cancels the watchers that still wait for revisions compaction removed, as etcd cancels
    /// watchers that fell behind the compact revision.
    private func cancelCompacted(below compactRevision: Revision, in state: inout State) {
        for (key, watcher) in state.registry.watchers where watcher.nextRevision < compactRevision {
            state.registry.remove(key)
            watcher.sink.send(
                WatchResponse(
                    revision: state.delivered, watchID: key.id, canceled: true, compactRevision: compactRevision,
                    cancelReason: "mvcc: required revision has been compacted"))
        }
    }

    private static func groupedByRevision(_ events: [Event]) -> [[Event]] {
        var groups: [[Event]] = []
        for event in events {
            if let last = groups.last?.last, last.kv.modRevision == event.kv.modRevision {
                groups[groups.count - 1].append(event)
            } else {
                groups.append([event])
            }
        }
        return groups
    }

    private func carryOut(_ command: Command, store: PostgresStore, current: Revision, compactRevision: Revision) async {
        switch command {
        case .create(let request, let sink):
            await create(request, sink: sink, store: store, current: current, compactRevision: compactRevision)
        case .cancel(let id, let sink):
            state.withLock { state in
                guard let watcher = state.registry.remove(Watcher.Key(session: sink.sessionID, id: id)) else { return }
                watcher.sink.send(WatchResponse(revision: state.delivered, watchID: id, canceled: true))
            }
        case .deny(let reason, let sink):
            sink.send(
                WatchResponse(
                    revision: current, watchID: WatchResponse.progressWatchID, created: true, canceled: true,
                    cancelReason: reason))
        case .progress(let sink):
            let delivered = state.withLock { $0.delivered }
            sink.send(WatchResponse(revision: delivered, watchID: WatchResponse.progressWatchID))
        case .close(let sink):
            state.withLock { state in
                state.registry.removeSession(sink.sessionID)
            }
            sink.finish()
        }
    }

    /// Registers a watcher: answers `created`, replays its history up to the delivered revision,
    /// then adds it to the registry for live events.
    private func create(
        _ request: WatchCreateRequest, sink: WatchSink, store: PostgresStore, current: Revision, compactRevision: Revision
    ) async {
        let session = sink.sessionID
        guard let id = state.withLock({ $0.registry.assignID(request.watchID, session: session) }) else {
            sink.send(.duplicateWatchID(revision: current))
            return
        }
        sink.send(WatchResponse(revision: current, watchID: id, created: true))
        if request.startRevision > 0 && request.startRevision < compactRevision {
            sink.send(compacted(id, current: current, compactRevision: compactRevision))
            return
        }
        var watcher = Watcher(
            key: Watcher.Key(session: session, id: id), request: request, sink: sink,
            nextRevision: request.startRevision > 0 ? request.startRevision : current + 1)
        var replayed = watcher.nextRevision - 1
        while true {
            // Joins the registry only once its history reaches what the registry got, in the same
            // lock: the leader's commits are delivered outside this loop (``publish``).
            let delivered = state.withLock { state -> Revision? in
                guard replayed >= state.delivered else { return state.delivered }
                watcher.nextRevision = max(watcher.nextRevision, replayed + 1)
                state.registry.add(watcher)
                return nil
            }
            guard let delivered else { return }
            let through = min(delivered, replayed + Self.windowRevisions)
            do {
                let batch = try await fetch(store: store, after: replayed, through: through, range: request.range)
                if replayed + 1 < batch.compactRevision {
                    sink.send(compacted(id, current: batch.current, compactRevision: batch.compactRevision))
                    return
                }
                let events = watcher.select(batch.events)
                if !events.isEmpty {
                    sink.send(
                        WatchResponse(revision: through, watchID: id, events: events, allowsFragments: request.fragment))
                }
            } catch {
                sink.send(
                    WatchResponse(
                        revision: current, watchID: id, canceled: true,
                        cancelReason: "etcdserver: postgres unavailable while replaying history"))
                return
            }
            replayed = through
        }
    }

    private func compacted(_ id: WatchID, current: Revision, compactRevision: Revision) -> WatchResponse {
        WatchResponse(
            revision: current, watchID: id, canceled: true, compactRevision: compactRevision,
            cancelReason: "mvcc: required revision has been compacted")
    }

    // MARK: Reading changes

    /// Changes read in one snapshot with the store's revisions at that moment.
    struct EventBatch: Sendable {
        var current: Revision
        var compactRevision: Revision
        var events: [Event]
    }

    /// The changes with revisions in `(after, through]` (and not past the store revision), on
    /// keys in `range` if given, in revision order, each with its previous pair unless
    /// `previous` is false (the read cache needs none).
    func fetch(
        store: PostgresStore, after: Revision, through: Revision, range: KeyRange? = nil, previous: Bool = true
    ) async throws -> EventBatch {
        let keys = range.map { KeyCondition($0, column: "key", firstParameter: 4) }
        let sql = """
            SELECT m.revision, m.compact_revision, c.key, c.mod_revision, c.create_revision, c.version, c.value,
                   c.lease, c.deleted, p.create_revision, p.mod_revision, p.version, p.value, p.lease, p.deleted
            FROM brain_meta m
            LEFT JOIN LATERAL (
                SELECT key, mod_revision, sub, create_revision, version, value, lease, deleted FROM brain_kv
                WHERE mod_revision > $1 AND mod_revision <= LEAST(m.revision, $2)\(keys.map { " AND \($0.sql)" } ?? "")
            ) c ON true
            LEFT JOIN LATERAL (
                SELECT create_revision, mod_revision, version, value, lease, deleted FROM brain_kv p
                WHERE $3 AND p.key = c.key AND p.mod_revision < c.mod_revision ORDER BY p.mod_revision DESC LIMIT 1
            ) p ON true
            WHERE m.id = 1
            ORDER BY c.mod_revision, c.sub
            """
        var bindings = PostgresBindings()
        bindings.append(after)
        bindings.append(through)
        bindings.append(previous)
        try keys?.bind(into: &bindings)
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        // Through the store's connection leases, as requests go: a poll cancelled at shutdown never
        // cancels a pool lease itself (one cancelled at the wrong moment may never return).
        return try await store.database { [logger = store.logger] connection in
            let rows = try await connection.query(query, logger: logger)
            var batch = EventBatch(current: 0, compactRevision: 0, events: [])
            for try await row in rows.decode(
                (Int64, Int64, Data?, Int64?, Int64?, Int64?, Data?, Int64?, Bool?, Int64?, Int64?, Int64?, Data?, Int64?, Bool?)
                    .self)
            {
                batch.current = row.0
                batch.compactRevision = row.1
                guard let key = row.2, let mod = row.3, let deleted = row.8 else { continue }
                let kv = deleted
                    ? KeyValue(key: key, modRevision: mod)
                    : KeyValue(
                        key: key, createRevision: row.4 ?? 0, modRevision: mod, version: row.5 ?? 0, value: row.6 ?? Data(),
                        lease: row.7 ?? 0)
                var previous: KeyValue?
                if row.14 == false, let create = row.9, let prevMod = row.10 {
                    previous = KeyValue(
                        key: key, createRevision: create, modRevision: prevMod, version: row.11 ?? 0, value: row.12 ?? Data(),
                        lease: row.13 ?? 0)
                }
                batch.events.append(Event(kind: deleted ? .delete : .put, kv: kv, prevKV: previous))
            }
            return batch
        }
    }
}
