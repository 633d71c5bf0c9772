import Foundation
public import ServiceLifecycle
import StoreCore
import Synchronization

/// The watch caches of an API server, one per watched resource, created on the first watch. It is
/// a `Service`: `run()` owns the store watch that feeds each cache, and ends them on shutdown.
public final class WatchCaches: Service, Sendable {
    private let store: any KeyValueStore
    private let capacity: Int
    private let caches = Mutex<[Data: WatchCache]>([:])
    private let starts: AsyncStream<WatchCache>
    private let startRequests: AsyncStream<WatchCache>.Continuation

    /// Creates the caches.
    ///
    /// - Parameters:
    ///   - store: The store the caches watch.
    ///   - capacity: Events kept per resource (kube-apiserver's default watch cache size is 100;
    ///     a larger buffer lets more re-watching clients resume without the store).
    init(store: any KeyValueStore, capacity: Int = 1000) {
        self.store = store
        self.capacity = capacity
        (self.starts, self.startRequests) = AsyncStream.makeStream()
    }

    /// The cache of a collection prefix, starting its feed if it is not running.
    func cache(for prefix: Data) -> WatchCache {
        let cache = self.caches.withLock { caches in
            if let existing = caches[prefix] { return existing }
            let created = WatchCache(prefix: prefix, capacity: self.capacity)
            caches[prefix] = created
            return created
        }
        if cache.claimStart() {
            self.startRequests.yield(cache)
        }
        return cache
    }

    public func run() async throws {
        // Graceful shutdown cancels the loop and, with it, every feed (each closes its store watch).
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await cache in self.starts {
                    group.addTask { await cache.feed(from: self.store) }
                }
            }
        }
    }
}
