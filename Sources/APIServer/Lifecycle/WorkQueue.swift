import CoreMetrics
import Synchronization

/// The items a controller still has to look at, each at most once, with an exponential delay
/// for items whose processing failed: kube's rate-limited work queue. It reports kube's
/// `workqueue_adds_total`, `workqueue_retries_total` and `workqueue_depth` with its `name`.
final class WorkQueue<Item: Hashable & Sendable>: Sendable {
    private struct State {
        /// Items due now, in the order they were added (taken from `head` on).
        var ready: [Item] = []
        var head = 0
        var queued: Set<Item> = []
        /// Items waiting for a retry delay.
        var delayed: [Item: ContinuousClock.Instant] = [:]
        var failures: [Item: Int] = [:]
        var waiter: CheckedContinuation<Void, Never>?

        var depth: Int { self.ready.count - self.head + self.delayed.count }

        /// Moves the delayed items that are due to the ready list.
        mutating func promote(now: ContinuousClock.Instant) {
            for (item, due) in self.delayed where due <= now {
                self.delayed[item] = nil
                if self.queued.insert(item).inserted { self.ready.append(item) }
            }
        }

        /// Takes the first ready item.
        mutating func take() -> Item? {
            guard self.head < self.ready.count else { return nil }
            let item = self.ready[self.head]
            self.head += 1
            if self.head > 1024 && self.head * 2 > self.ready.count {
                self.ready.removeFirst(self.head)
                self.head = 0
            }
            self.queued.remove(item)
            return item
        }
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
            if state.queued.contains(item) { return (nil, state.depth) }
            if delay > .zero {
                if let due = state.delayed[item], due <= when { return (nil, state.depth) }
                state.delayed[item] = when
            } else {
                state.delayed[item] = nil
                state.queued.insert(item)
                state.ready.append(item)
            }
            let waiter = state.waiter
            state.waiter = nil
            return (waiter, state.depth)
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
                state.promote(now: now)
                if let item = state.take() { return (item, nil, state.depth) }
                return (nil, state.delayed.values.min(), state.depth)
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
                        guard state.depth == 0 && !Task.isCancelled else { return true }
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
