import StoreCore

/// A ``WatchSession`` over one etcd `Watch` stream, for real etcd or `wharf brain`.
///
/// Watch IDs are the server's: a create request with a nonzero ``WatchCreateRequest/watchID``
/// asks for that ID (a duplicate is answered created-and-cancelled with ID -1), and 0 lets the
/// server choose (etcd and brain both count up from 0 per stream), so the session behaves as
/// brain's in-process one. Fragmented responses are joined: each response is whole. The session
/// ends (``responses`` finishes) on ``close()``, or when the stream fails (e.g. the connection
/// drops); the caller then opens a new one.
final class EtcdWatchSession: WatchSession {
    private let stream: WatchStream
    private let pump: Task<Void, Never>

    var responses: WatchResponseQueue { stream.responses }

    convenience init(client: EtcdClient) {
        self.init(connect: { client })
    }

    /// Creates a session whose stream opens on the client `connect` returns (connecting first if
    /// need be); when there is none, the session ends at once.
    init(connect: @escaping @Sendable () async throws -> EtcdClient) {
        let stream = WatchStream()
        self.stream = stream
        // The protocol opens and drives a session synchronously and gives it no `run()`, so the
        // stream is pumped by a task the session owns: it captures the stream, not the session,
        // and ``close()`` (or dropping the session) cancels it.
        pump = Task {
            guard let client = try? await connect() else {
                stream.close()
                return
            }
            await stream.run(on: client)
        }
    }

    func create(_ request: WatchCreateRequest) {
        stream.create(request)
    }

    func cancel(_ watchID: WatchID) {
        stream.cancel(watchID)
    }

    func deny(_ request: WatchCreateRequest, reason: String) {
        stream.deny(reason: reason)
    }

    func requestProgress() {
        stream.requestProgress()
    }

    func close() {
        stream.close()
        pump.cancel()
    }

    deinit {
        close()
    }
}
