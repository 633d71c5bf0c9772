import StoreCore

/// A watch session served by the engine in-process.
final class EngineWatchSession: WatchSession {
    private let sink: WatchSink
    private let store: BrainStore
    var responses: WatchResponseQueue { sink.queue }

    init(id: UInt64, store: BrainStore) {
        sink = WatchSink(sessionID: id)
        self.store = store
    }

    func create(_ request: WatchCreateRequest) {
        store.createWatcher(request, sink: sink)
    }

    func cancel(_ watchID: WatchID) {
        store.cancelWatcher(Watcher.Key(session: sink.sessionID, id: watchID))
    }

    func deny(_ request: WatchCreateRequest, reason: String) {
        store.denyWatcher(reason: reason, sink: sink)
    }

    func requestProgress() {
        store.reportProgress(to: sink)
    }

    func close() {
        store.closeWatchSession(sink)
    }

    deinit {
        store.closeWatchSession(sink)
    }
}
