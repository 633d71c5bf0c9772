import BrainEngine
import Foundation
import StoreCore
import Synchronization

/// This node's view of the newest pair of every live key (a ``LiveKeySpace``), fed by the watch
/// hub's poll, so ranges at the newest revision need no SQL statement.
///
/// The hub builds the view from one repeatable-read snapshot (the revision and every live key),
/// then applies the events each poll reads, in revision order and with no gap: every poll reads
/// the rows after the view's revision together with `brain_meta` in one snapshot. When the view
/// cannot be sure it is complete (the compact revision passed it, so rows it still needed may be
/// gone; the database's revision went backwards; a poll failed, e.g. PostgreSQL restarted) it is
/// dropped and rebuilt by the next poll; meanwhile reads take the SQL path.
///
/// Serializable reads use the view as it is (possibly a poll behind, as an etcd follower may be).
/// A linearizable read waits for the next poll that starts after it arrived (ReadIndex-style: one
/// read of `brain_meta` shared by every read waiting at that moment, and a read arriving while a
/// poll is in flight waits for the next one), then until the view applied that poll's revision.
/// Every write acknowledged before the read started had committed before that poll's statement
/// began, so the view includes it.
///
/// The leader also publishes each batch it commits (``publish(_:after:through:)``), so its view
/// is current right after the commit: the next batch reads its keys from the view instead of the
/// database, and the leader needs no poll while nothing else waits for one.
final class PostgresReadCache: Sendable {
    private struct State {
        /// Nil until built, and while unsure.
        var view: LiveKeySpace?
        /// The view's revision when the poll in flight began: the poll's database revision must
        /// not be older (the leader's commits may move the view past it meanwhile).
        var revisionAtPoll: Revision?
        /// Linearizable reads waiting for the next poll to start.
        var nextPoll: [ReadWaiter] = []
        /// Reads taken by the poll in flight; they need the revision it reads.
        var inPoll: [ReadWaiter] = []
        /// Reads waiting for the view to reach a revision.
        var waiting: [(revision: Revision, read: ReadWaiter)] = []
    }

    private let state = Mutex(State())
    /// How long a linearizable read waits for the view before taking the SQL path.
    let wait: Duration

    init(wait: Duration) {
        self.wait = wait
    }

    /// The view as it is now, for serializable reads; nil while there is none.
    var view: LiveKeySpace? { state.withLock { $0.view } }

    /// The view's revision; nil while there is none (the next poll builds it).
    var revision: Revision? { state.withLock { $0.view?.revision } }

    /// The number of live keys in the view; nil while there is none.
    var keyCount: Int? { state.withLock { $0.view?.count } }

    /// Whether linearizable reads wait for a poll to start.
    var readsWaitForPoll: Bool { state.withLock { !$0.nextPoll.isEmpty } }

    /// The live pair of each of `keys` (nil for none), if the view is at `revision` exactly.
    func pairs(of keys: some Sequence<Data>, at revision: Revision) -> [Data: KeyValue?]? {
        state.withLock { state in
            guard let view = state.view, view.revision == revision else { return nil }
            var pairs: [Data: KeyValue?] = [:]
            for key in keys { pairs[key] = .some(view.pair(key)) }
            return pairs
        }
    }

    /// Applies the changes of a batch this node committed, which took the store from revision
    /// `after` to `through`; ignored unless the view is at `after` (a poll brings it otherwise).
    func publish(_ events: [Event], after: Revision, through: Revision) {
        let answers: [(ReadWaiter, LiveKeySpace?)] = state.withLock { state in
            guard state.view?.revision == after else { return [] }
            state.view?.apply(events, through: through)
            return Self.answerReady(&state)
        }
        for (read, view) in answers { read.answer(view) }
    }

    /// A view that includes every write committed before this call, or nil when none came within
    /// ``wait`` (the caller then reads from the database).
    /// - Parameter wakePoller: makes the poller start its next poll now.
    func linearizableView(wakePoller: () -> Void) async -> LiveKeySpace? {
        let read = ReadWaiter()
        let accepted = state.withLock { state in
            guard state.view != nil else { return false }
            state.nextPoll.append(read)
            return true
        }
        guard accepted else { return nil }
        wakePoller()
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { [wait] in
                try? await Task.sleep(for: wait)
                read.answer(nil)
            }
            let view = await read.view()
            group.cancelAll()
            return view
        }
    }

    // MARK: The poller's side

    /// Called by a poll before it reads the revision: the reads waiting now are answered once the
    /// view reaches the revision this poll reads.
    func beginPoll() {
        state.withLock { state in
            state.inPoll += state.nextPoll
            state.nextPoll = []
            state.revisionAtPoll = state.view?.revision
        }
    }

    /// Replaces the view with one built from a consistent snapshot.
    func rebuilt(_ view: LiveKeySpace) {
        state.withLock { state in
            state.view = view
            state.revisionAtPoll = view.revision
        }
    }

    /// Applies what a poll read: the events after the view's revision through `through`, read in
    /// one snapshot with the store's revision `current` and its compact revision. Drops the view
    /// when it cannot be sure to be complete.
    func apply(_ events: [Event], through: Revision, current: Revision, compactRevision: Revision) {
        let answers: [(ReadWaiter, LiveKeySpace?)] = state.withLock { state in
            guard let revision = state.view?.revision, compactRevision <= revision,
                current >= min(revision, state.revisionAtPoll ?? revision)
            else {
                return Self.drop(&state)
            }
            state.view?.apply(events, through: through)
            state.waiting += state.inPoll.map { (current, $0) }
            state.inPoll = []
            return Self.answerReady(&state)
        }
        for (read, view) in answers { read.answer(view) }
    }

    /// Takes the reads the view has caught up with, to be answered with it.
    private static func answerReady(_ state: inout State) -> [(ReadWaiter, LiveKeySpace?)] {
        guard let view = state.view else { return [] }
        let ready = state.waiting.filter { $0.revision <= view.revision }
        state.waiting.removeAll { $0.revision <= view.revision }
        return ready.map { ($0.read, view) }
    }

    /// Drops the view (a poll failed, so the database may have changed under it); waiting reads
    /// take the SQL path.
    func invalidate() {
        let answers = state.withLock { Self.drop(&$0) }
        for (read, view) in answers { read.answer(view) }
    }

    private static func drop(_ state: inout State) -> [(ReadWaiter, LiveKeySpace?)] {
        let reads = state.nextPoll + state.inPoll + state.waiting.map(\.read)
        state = State()
        return reads.map { ($0, nil) }
    }
}

/// One linearizable read waiting for the view: answered once, by the poller or by its deadline.
private final class ReadWaiter: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<LiveKeySpace?, Never>)
        case answered(LiveKeySpace?)
    }

    private let state = Mutex(State.pending)

    /// The answer, once there is one.
    func view() async -> LiveKeySpace? {
        await withCheckedContinuation { continuation in
            let answer: LiveKeySpace?? = state.withLock { state in
                if case .answered(let view) = state { return .some(view) }
                state = .waiting(continuation)
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Answers the read unless it was answered already.
    func answer(_ view: LiveKeySpace?) {
        let continuation: CheckedContinuation<LiveKeySpace?, Never>? = state.withLock { state in
            switch state {
            case .pending:
                state = .answered(view)
                return nil
            case .waiting(let continuation):
                state = .answered(nil)
                return continuation
            case .answered:
                return nil
            }
        }
        continuation?.resume(returning: view)
    }
}
