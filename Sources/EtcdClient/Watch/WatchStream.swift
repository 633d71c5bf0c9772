import EtcdWire
import StoreCore
import Synchronization
import WharfGRPC

/// One etcd `Watch` stream: what a session's caller and the task pumping the stream share.
///
/// Requests go out in the order the caller makes them; responses are delivered to
/// ``responses`` in the order the server sent them, with the caller's denials in their turn
/// (``WatchStreamStateMachine``). Closing, or the stream ending, finishes ``responses``.
final class WatchStream: Sendable {
    let responses = WatchResponseQueue()
    private let state = Mutex(WatchStreamStateMachine())
    private let requests: AsyncStream<Etcdserverpb_WatchRequest>
    private let outbox: AsyncStream<Etcdserverpb_WatchRequest>.Continuation

    init() {
        (requests, outbox) = AsyncStream.makeStream()
    }

    func create(_ request: WatchCreateRequest) {
        state.withLock { state in
            if let message = state.create(request) { outbox.yield(message) }
        }
    }

    func cancel(_ watchID: WatchID) {
        state.withLock { state in
            if let message = state.cancel(watchID) { outbox.yield(message) }
        }
    }

    func requestProgress() {
        state.withLock { state in
            if let message = state.requestProgress() { outbox.yield(message) }
        }
    }

    func deny(reason: String) {
        state.withLock { state in
            for response in state.deny(reason: reason) { responses.send(response) }
        }
    }

    /// Stops sending and delivering, and finishes ``responses``.
    func close() {
        state.withLock { $0.close() }
        outbox.finish()
        responses.finish()
    }

    /// Opens the stream on `client` and pumps it until it ends or the calling task is cancelled;
    /// then resets the stream (so the server drops its watchers) and closes.
    func run(on client: EtcdClient) async {
        defer { close() }
        guard let call = try? await client.watch() else { return }
        defer { call.cancel() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [requests] in
                for await request in requests {
                    do {
                        try await call.send(request)
                    } catch {
                        return
                    }
                }
            }
            do {
                for try await message in call.responses {
                    state.withLock { state in
                        for response in state.receive(message) { responses.send(response) }
                    }
                }
            } catch {
                // The stream failed or was cancelled: the session ends either way.
            }
            group.cancelAll()
        }
    }
}
