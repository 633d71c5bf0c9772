import CoreMetrics
import Synchronization

/// The items a controller still has to look at, each at most once, with an exponential delay
/// for items whose processing failed: kube's rate-limited work queue. It reports kube's
/// `workqueue_adds_total`, `workqueue_retries_total` and `workqueue_depth` with its `name`.
final class WorkQueue<Item: Hashable & Sendable>: Sendable {
    private struct State {
        var due: [Item: ContinuousClock.Instant] = [:]
        var failures: [Item: Int] = [:]
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let name: String
    private let depth: Gauge
    /// The delay after the first failure; it doubles with each further one.
    static var baseDelay: Duration { .milliseconds(50) }
    /// The longest delay between retries.
    static var maxDelay: Duration { .seconds(30) }
    /// How long `next()` sleeps at most while only delayed items wait.
    private static var pollInterval: Duration { .milliseconds(50) }

    /// Creates an empty queue named as kube names its controller's queue.
    init(name: String) {
        self.name = name
        self.depth = Gauge(label: "workqueue_depth", dimensions: [("name", name)])
    }

    /// Queues `item` to be taken after `delay` (at once by default); an item already queued is
    /// kept once, at the earlier time.
    func add(_ item: Item, after delay: Duration = .zero) {
        let when = ContinuousClock.now + delay
        let (waiter, depth): (CheckedContinuation<Void, Never>?, Int) = self.state.withLock { state in
            if let queued = state.due[item], queued <= when { return (nil, state.due.count) }
            state.due[item] = when
            let waiter = state.waiter
            state.waiter = nil
            return (waiter, state.due.count)
        }
        MetricHandles.shared.counter("workqueue_adds_total", [("name", self.name)]).increment()
        self.depth.record(depth)
        waiter?.resume()
    }

    /// Queues `item` again after a delay that doubles with each failure in a row.
    func retry(_ item: Item) {
        let failures = self.state.withLock { state in
            state.failures[item, default: 0] += 1
            return state.failures[item] ?? 1
        }
        MetricHandles.shared.counter("workqueue_retries_total", [("name", self.name)]).increment()
        let delay = Self.baseDelay * (1 << min(failures - 1, 20))
        self.add(item, after: min(delay, Self.maxDelay))
    }

    /// Forgets the failures of an item that was processed.
    func forget(_ item: Item) {
        _ = self.state.withLock { $0.failures.removeValue(forKey: item) }
    }

    /// The next item that is due, waiting for one; `nil` once the task is cancelled.
    func next() async -> Item? {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            let (item, earliest, depth) = self.state.withLock { state -> (Item?, ContinuousClock.Instant?, Int) in
                guard let first = state.due.min(by: { $0.value < $1.value }) else { return (nil, nil, 0) }
                guard first.value <= now else { return (nil, first.value, state.due.count) }
                state.due[first.key] = nil
                return (first.key, nil, state.due.count)
            }
            if let item {
                self.depth.record(depth)
                return item
            }
            if let earliest {
                try? await Task.sleep(until: min(earliest, now + Self.pollInterval), clock: .continuous)
                continue
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state in
                        guard state.due.isEmpty && !Task.isCancelled else { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.state.withLock { state in
                    defer { state.waiter = nil }
                    return state.waiter
                }?.resume()
            }
        }
        return nil
    }
}
