import StoreCore
import Synchronization

extension BrainStore {
    /// The most events one catch-up response carries (a revision is never split).
    static let catchUpBatchSize = 1000

    /// Registers a watcher: answers `created`, replays history from its start revision, then
    /// lets live deliveries continue from the next readable revision, all under one lock so no
    /// event is missed or repeated.
    func createWatcher(_ request: WatchCreateRequest, sink: WatchSink) {
        state.withLock { state in
            guard !state.closed else { return }
            let session = sink.sessionID
            guard let id = state.watchers.assignID(request.watchID, session: session) else {
                sink.send(.duplicateWatchID(revision: state.readableRevision))
                return
            }
            let readable = state.readableRevision
            sink.send(WatchResponse(revision: readable, watchID: id, created: true))
            if request.startRevision > 0 && request.startRevision < state.mvcc.compactRevision {
                sink.send(
                    WatchResponse(
                        revision: readable, watchID: id, canceled: true,
                        compactRevision: state.mvcc.compactRevision,
                        cancelReason: "mvcc: required revision has been compacted"))
                return
            }
            var watcher = Watcher(
                key: Watcher.Key(session: session, id: id),
                request: request,
                sink: sink,
                nextRevision: request.startRevision > 0 ? request.startRevision : readable + 1
            )
            if request.startRevision > 0 && request.startRevision <= readable {
                let history = watcher.select(state.mvcc.events(in: request.range, from: request.startRevision, through: readable))
                for batch in Self.batches(of: history) {
                    sink.send(WatchResponse(revision: readable, watchID: id, events: batch, allowsFragments: request.fragment))
                }
                watcher.nextRevision = readable + 1
            }
            state.watchers.add(watcher)
        }
    }

    /// Splits replayed events into responses of about ``catchUpBatchSize`` events, on revision
    /// boundaries.
    private static func batches(of events: [Event]) -> [[Event]] {
        var batches: [[Event]] = []
        var current: [Event] = []
        for event in events {
            if current.count >= catchUpBatchSize, current.last?.kv.modRevision != event.kv.modRevision {
                batches.append(current)
                current = []
            }
            current.append(event)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// Answers a refused create request, in order with the session's other responses.
    func denyWatcher(reason: String, sink: WatchSink) {
        state.withLock { state in
            sink.send(
                WatchResponse(
                    revision: state.readableRevision, watchID: WatchResponse.progressWatchID, created: true,
                    canceled: true, cancelReason: reason))
        }
    }

    /// Removes a watcher and confirms with a `canceled` response.
    func cancelWatcher(_ key: Watcher.Key) {
        state.withLock { state in
            guard let watcher = state.watchers.remove(key) else { return }
            watcher.sink.send(WatchResponse(revision: state.readableRevision, watchID: key.id, canceled: true))
        }
    }

    /// Sends a session-wide progress response: every later event is newer than its revision.
    func reportProgress(to sink: WatchSink) {
        state.withLock { state in
            sink.send(WatchResponse(revision: state.readableRevision, watchID: WatchResponse.progressWatchID))
        }
    }

    /// Removes a session's watchers and ends its response stream.
    func closeWatchSession(_ sink: WatchSink) {
        state.withLock { state in
            state.watchers.removeSession(sink.sessionID)
        }
        sink.finish()
    }
}
