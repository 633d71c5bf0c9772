import BrainEngine
import Foundation
import KubeModel
import Logging
import StoreCore
import Testing

@testable import APIServer

@Suite struct WatchCacheTests {
    private func bytes(_ text: String) -> Data { Data(text.utf8) }

    /// Runs `body` with a fresh store (at revision 1) and a running cache over `prefix`, then stops
    /// the cache's feed.
    private func withRunningCache(
        _ prefix: String, capacity: Int, _ body: (BrainStore, WatchCache) async throws -> Void
    ) async throws {
        let store = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "test"))
        let cache = WatchCache(prefix: bytes(prefix), capacity: capacity)
        #expect(cache.subscribe(from: 2) == nil, "a cache that is not running serves nobody")
        try await withThrowingTaskGroup(of: Void.self) { group in
            #expect(cache.claimStart())
            group.addTask { await cache.feed(from: store) }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(10)
            while cache.subscribe(from: .max) == nil {
                try #require(ContinuousClock.now < deadline, "the cache never started")
                try await Task.sleep(for: .milliseconds(5))
            }
            try await body(store, cache)
        }
    }

    private func revisions(_ subscription: WatchCache.Subscription, count: Int) async -> [Revision] {
        var revisions: [Revision] = []
        while revisions.count < count, let items = await subscription.next() {
            for case .event(let cached) in items { revisions.append(cached.revision) }
        }
        return revisions
    }

    @Test func fansOutOneStoreWatchAndReplaysItsBuffer() async throws {
        try await withRunningCache("/registry/configmaps/", capacity: 4) { store, cache in
            #expect(cache.subscribe(from: 1) == nil, "revision 1 was before the cache started")
            let live = try #require(cache.subscribe(from: 2))
            for index in 1...6 {
                _ = try await store.put(PutRequest(key: bytes("/registry/configmaps/ns/c\(index)"), value: bytes("{}")))
                _ = try await store.put(PutRequest(key: bytes("/registry/secrets/ns/s\(index)"), value: bytes("{}")))
            }
            // Only the cache's prefix, in order (the config maps are revisions 2, 4, 6, …).
            #expect(await revisions(live, count: 6) == [2, 4, 6, 8, 10, 12])

            // The buffer holds the last 4 events: a watcher from revision 6 replays them; one from
            // revision 4 is older than the buffer and must go to the store.
            let late = try #require(cache.subscribe(from: 6))
            #expect(await revisions(late, count: 4) == [6, 8, 10, 12])
            #expect(cache.subscribe(from: 4) == nil)
            live.cancel()
            late.cancel()
        }
    }

    @Test func decodesEachEventOnceForEveryWatcher() async throws {
        try await withRunningCache("/registry/pods/", capacity: 100) { store, cache in
            let first = try #require(cache.subscribe(from: 2))
            let second = try #require(cache.subscribe(from: 2))
            _ = try await store.put(PutRequest(key: bytes("/registry/pods/ns/p"), value: bytes(#"{"metadata":{"name":"p"}}"#)))
            guard case .event(let a)? = await first.next()?.first, case .event(let b)? = await second.next()?.first else {
                Issue.record("no event")
                return
            }
            #expect(a === b, "both watchers share one cached event")
            #expect(try a.objects().current?.name == "p")
            first.cancel()
            second.cancel()
        }
    }

    @Test func subscribersEndWhenTheFeedStops() async throws {
        var subscription: WatchCache.Subscription?
        var stopped: WatchCache?
        try await withRunningCache("/registry/nodes/", capacity: 10) { _, cache in
            subscription = cache.subscribe(from: 2)
            stopped = cache
        }
        let ended = try #require(subscription)
        while await ended.next() != nil {}  // ends: the feed was cancelled
        #expect(stopped?.claimStart() == true, "a stopped cache can be started again")
    }
}
