import EtcdWire
import StoreCore

/// The client side of one etcd `Watch` stream, without I/O: the requests to send and the
/// ``WatchResponse``s the server's messages make, in order.
///
/// The server answers create requests in the order they were sent, each with exactly one
/// `created` response (cancelled as well when refused) that carries the watch ID it chose. The
/// state machine pairs each answer with its request to learn which watchers asked for
/// fragments, joins a fragmented response (a run of messages marked `fragment` and the one that
/// ends it) into a single response, and holds a caller's denial back until every create request
/// sent before it has been answered, so responses keep the order of the requests.
struct WatchStreamStateMachine {
    /// A create request or a denial still waiting for its turn, oldest first.
    private enum Pending {
        case create(fragment: Bool)
        case denial(reason: String)
    }

    /// Never starts with a denial: a denial behind nothing is delivered at once.
    private var pending: [Pending] = []
    private var fragmentingWatchers: Set<WatchID> = []
    /// The events of the fragments received so far of a response not yet complete, by watcher.
    private var partialEvents: [WatchID: [Mvccpb_Event]] = [:]
    /// The newest revision the server reported, for denials.
    private var revision: Revision = 0
    /// Set when the session closed or its stream ended: nothing more is sent or delivered.
    private(set) var isClosed = false

    /// Records a create request; returns the message to send, or nil once closed.
    mutating func create(_ request: WatchCreateRequest) -> Etcdserverpb_WatchRequest? {
        guard !isClosed else { return nil }
        pending.append(.create(fragment: request.fragment))
        return request.protobuf
    }

    /// The message cancelling a watcher, or nil once closed.
    func cancel(_ watchID: WatchID) -> Etcdserverpb_WatchRequest? {
        guard !isClosed else { return nil }
        var cancel = Etcdserverpb_WatchCancelRequest()
        cancel.watchID = watchID
        var message = Etcdserverpb_WatchRequest()
        message.cancelRequest = cancel
        return message
    }

    /// The message asking for a progress response, or nil once closed.
    func requestProgress() -> Etcdserverpb_WatchRequest? {
        guard !isClosed else { return nil }
        var message = Etcdserverpb_WatchRequest()
        message.progressRequest = Etcdserverpb_WatchProgressRequest()
        return message
    }

    /// Records a create request the caller refused; returns the responses to deliver now: its
    /// created-and-cancelled answer, unless earlier create requests are still unanswered.
    mutating func deny(reason: String) -> [WatchResponse] {
        guard !isClosed else { return [] }
        guard pending.isEmpty else {
            pending.append(.denial(reason: reason))
            return []
        }
        return [denial(reason)]
    }

    /// Takes a message from the server; returns the responses to deliver, in order.
    mutating func receive(_ message: Etcdserverpb_WatchResponse) -> [WatchResponse] {
        guard !isClosed else { return [] }
        revision = max(revision, message.header.revision)
        let id = message.watchID
        if message.created {
            var responses = [created(message)]
            while case .denial(let reason)? = pending.first {
                pending.removeFirst()
                responses.append(denial(reason))
            }
            return responses
        }
        if message.fragment {
            partialEvents[id, default: []] += message.events
            return []
        }
        var whole = message
        if let head = partialEvents.removeValue(forKey: id) {
            whole.events = head + message.events
        }
        let allowsFragments = fragmentingWatchers.contains(id)
        if message.canceled {
            fragmentingWatchers.remove(id)
        }
        return [WatchResponse(protobuf: whole, allowsFragments: allowsFragments)]
    }

    /// Stops sending and delivering.
    mutating func close() {
        isClosed = true
        pending = []
        partialEvents = [:]
    }

    /// The answer to the oldest create request.
    private mutating func created(_ message: Etcdserverpb_WatchResponse) -> WatchResponse {
        guard case .create(let fragment)? = pending.first else {
            return WatchResponse(protobuf: message, allowsFragments: false)
        }
        pending.removeFirst()
        if fragment && !message.canceled { fragmentingWatchers.insert(message.watchID) }
        return WatchResponse(protobuf: message, allowsFragments: fragment)
    }

    /// A denial's response, as brain's engine answers one: created and cancelled, for no watcher.
    private func denial(_ reason: String) -> WatchResponse {
        WatchResponse(
            revision: revision, watchID: WatchResponse.progressWatchID, created: true, canceled: true,
            cancelReason: reason)
    }
}
