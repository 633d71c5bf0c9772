import Foundation
import StoreCore
import Synchronization

/// The recent events of one resource, fed by a single store watch and fanned out to every watch
/// request on that resource: kube-apiserver's watch cache. A thousand `kubectl get -w` cost one
/// store watch, and each event is decoded once.
///
/// The cache keeps the last ``capacity`` events; a watcher starting at a revision the buffer still
/// covers is served from it, older ones are served straight from the store. A watcher that falls
/// behind by more than ``subscriberBufferLimit`` events is disconnected (its client re-watches), as
/// kube-apiserver closes unresponsive watchers.
final class WatchCache: Sendable {
    /// What a subscriber receives.
    enum Item: Sendable {
        /// A change.
        case event(CachedEvent)
        /// The store reached this revision with no change for this resource (for bookmarks).
        case progress(Revision)
    }

    /// A registered watcher: its items, and how to stop.
    struct Subscription: Sendable {
        let mailbox: WatchMailbox<Item>
        let cancel: @Sendable () -> Void

        /// The items that arrived since the last call (at least one), or `nil` when the
        /// subscription ended.
        func next() async -> [Item]? {
            await self.mailbox.next()
        }
    }

    /// The collection's key prefix (all namespaces).
    let prefix: Data
    private let capacity: Int
    static let subscriberBufferLimit = 10_000
    private let state = Mutex(State())

    private struct State {
        enum Phase { case idle, starting, running, failed }
        var phase = Phase.idle
        /// Every event at or after this revision is in `events`.
        var oldest: Revision = 0
        var events: [CachedEvent] = []
        var subscribers: [Int: (start: Revision, mailbox: WatchMailbox<Item>)] = [:]
        var nextID = 0
    }

    init(prefix: Data, capacity: Int) {
        self.prefix = prefix
        self.capacity = capacity
    }

    /// Claims the start of the cache's feed; `false` when it is already starting or running.
    func claimStart() -> Bool {
        self.state.withLock { state in
            guard state.phase == .idle || state.phase == .failed else { return false }
            state.phase = .starting
            return true
        }
    }

    /// Registers a watcher for the events at or after `startRevision`, or `nil` when the cache
    /// cannot serve it (not running yet, or the revision is older than the buffer).
    func subscribe(from startRevision: Revision) -> Subscription? {
        let mailbox = WatchMailbox<Item>(limit: Self.subscriberBufferLimit)
        let id: Int? = self.state.withLock { state in
            guard state.phase == .running, startRevision >= state.oldest else { return nil }
            _ = mailbox.post(state.events.lazy.filter { $0.revision >= startRevision }.map { .event($0) })
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = (startRevision, mailbox)
            return id
        }
        guard let id else { return nil }
        return Subscription(mailbox: mailbox) { [weak self] in
            mailbox.finish()
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
    }

    /// Runs the feed: one store watch from the current revision, until the store ends it or the
    /// task is cancelled. Subscribers are finished when it stops, so their clients re-watch.
    func feed(from store: any KeyValueStore) async {
        let session = store.openWatchSession()
        await withTaskCancellationHandler {
            do {
                let current = try await store.range(RangeRequest(range: .prefix(self.prefix), countOnly: true))
                session.create(
                    WatchCreateRequest(range: .prefix(self.prefix), startRevision: current.revision + 1, progressNotify: true, prevKV: true)
                )
                self.state.withLock { state in
                    state.phase = .running
                    state.oldest = current.revision + 1
                    state.events = []
                }
                loop: for await batch in session.responses {
                    for response in batch {
                        if response.canceled { break loop }
                        self.apply(response)
                    }
                }
            } catch {
                // The store is unreachable: the cache stays failed until the next watch restarts it.
            }
        } onCancel: {
            session.close()
        }
        session.close()
        let finishing = self.state.withLock { state in
            state.phase = .failed
            state.events = []
            let mailboxes = state.subscribers.values.map(\.mailbox)
            state.subscribers = [:]
            return mailboxes
        }
        for mailbox in finishing { mailbox.finish() }
    }

    private func apply(_ response: WatchResponse) {
        let slow: [WatchMailbox<Item>] = self.state.withLock { state in
            var items: [Item] = []
            if response.events.isEmpty {
                if !response.created { items.append(.progress(response.revision)) }
            } else {
                for event in response.events {
                    let cached = CachedEvent(event)
                    state.events.append(cached)
                    items.append(.event(cached))
                }
                self.trim(&state)
            }
            var slow: [WatchMailbox<Item>] = []
            for (id, subscriber) in state.subscribers {
                let due = items.filter { item in
                    if case .event(let cached) = item { return cached.revision >= subscriber.start }
                    return true
                }
                if !subscriber.mailbox.post(due) {
                    slow.append(subscriber.mailbox)
                    state.subscribers[id] = nil
                }
            }
            return slow
        }
        for mailbox in slow { mailbox.finish() }
    }

    /// Drops the oldest events beyond the capacity, keeping `oldest` exact: a revision is only
    /// covered while all its events are buffered.
    private func trim(_ state: inout State) {
        let excess = state.events.count - self.capacity
        guard excess > 0 else { return }
        let droppedRevision = state.events[excess - 1].revision
        state.events.removeFirst(excess)
        state.oldest = droppedRevision + 1
        if let first = state.events.first, first.revision == droppedRevision {
            let split = state.events.firstIndex { $0.revision != droppedRevision } ?? state.events.endIndex
            state.events.removeFirst(split)
        }
    }
}
