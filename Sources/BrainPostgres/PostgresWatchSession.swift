import BrainEngine
import StoreCore

/// A watch session on a ``PostgresStore`` node: its requests go to the node's
/// ``PostgresWatchHub`` in order, and its responses come back through one sink.
final class PostgresWatchSession: WatchSession {
    private let sink: WatchSink
    private let hub: PostgresWatchHub
    var responses: WatchResponseQueue { sink.queue }

    init(sink: WatchSink, hub: PostgresWatchHub) {
        self.sink = sink
        self.hub = hub
    }

    func create(_ request: WatchCreateRequest) {
        hub.submit(.create(request, sink))
    }

    func cancel(_ watchID: WatchID) {
        hub.submit(.cancel(watchID, sink))
    }

    func deny(_ request: WatchCreateRequest, reason: String) {
        hub.submit(.deny(reason, sink))
    }

    func requestProgress() {
        hub.submit(.progress(sink))
    }

    func close() {
        hub.submit(.close(sink))
    }

    deinit {
        hub.submit(.close(sink))
    }
}
