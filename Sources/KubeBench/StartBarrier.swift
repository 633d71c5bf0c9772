import BenchSupport
import Synchronization

/// Holds a fixed number of tasks until all have arrived, so a measurement starts only once every
/// client is connected and prepared, and hands them one clock started at that moment. A task that
/// fails before arriving abandons the barrier, which releases the others (their ``arrive()``
/// returns `nil`) instead of leaving them waiting.
final class StartBarrier: Sendable {
    private struct State {
        var arrived = 0
        var abandoned = false
        var waiting: [CheckedContinuation<BenchmarkClock?, Never>] = []
    }

    private let parties: Int
    private let state = Mutex(State())

    /// A barrier for `parties` tasks.
    init(parties: Int) {
        self.parties = parties
    }

    /// Waits until every party arrived, then returns the clock started when the last one did;
    /// `nil` when a party abandoned the barrier.
    func arrive() async -> BenchmarkClock? {
        await withCheckedContinuation { continuation in
            let (release, clock): ([CheckedContinuation<BenchmarkClock?, Never>], BenchmarkClock?) = self.state.withLock
            { state in
                if state.abandoned { return ([continuation], nil) }
                state.arrived += 1
                state.waiting.append(continuation)
                guard state.arrived >= self.parties else { return ([], nil) }
                defer { state.waiting = [] }
                return (state.waiting, BenchmarkClock())
            }
            for waiter in release { waiter.resume(returning: clock) }
        }
    }

    /// Releases every waiting and future arrival with `nil`.
    func abandon() {
        let waiting = self.state.withLock { state in
            state.abandoned = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in waiting { waiter.resume(returning: nil) }
    }
}
