@testable import BrainPostgres
import BrainEngine
import Foundation
import Logging
import StoreCore
import Testing
import WharfTestSupport

/// The read cache: ranges answered from memory on every node agree with the SQL path, see every
/// write acknowledged before them when linearizable, and the cache is rebuilt when it may have
/// missed changes.
extension PostgresStoreTests {
    static let everyKey = KeyRange(key: Data([0]), rangeEnd: Data([0]))

    @Test func theReadCacheAnswersRangesAsTheDatabaseDoes() async throws {
        let configuration = try await freshDatabase { $0.compactionBatchRevisions = 4 }
        let nodes = InProcessNodes()
        try await withRunning(nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(nodes.store("node-2", id: 2, configuration: configuration)) { second in
                try await withRunning(nodes.store("node-3", id: 3, configuration: configuration)) { third in
                    let stores = [first, second, third]
                    var random = SplitMix(state: 20_261_126)
                    var current: Revision = 1
                    for round in 0..<4 {
                        // Round 1 attaches keys to a lease that expires before its ranges are compared.
                        let lease = round == 1 ? try await first.leaseGrant(ttl: 1, id: 0).id : 0
                        for _ in 0..<40 {
                            let store = stores.randomElement(using: &random)!
                            switch Int.random(in: 0..<10, using: &random) {
                            case 0..<5:
                                var put = PostgresDifferentialTests.putRequest(&random)
                                put.ignoreValue = false
                                if lease != 0 && Bool.random(using: &random) { put.lease = lease }
                                // A put naming the lease fails once the lease expired.
                                if let response = try? await store.put(put) { current = response.revision }
                            case 5..<7:
                                let range = PostgresDifferentialTests.keyRange(&random)
                                current = try await store.deleteRange(DeleteRangeRequest(range: range)).revision
                            default:
                                // Its reads may name a future or compacted revision: then it fails, changing nothing.
                                let txn = PostgresDifferentialTests.txnRequest(&random, current: current)
                                if let response = try? await store.txn(txn) { current = response.revision }
                            }
                        }
                        switch round {
                        case 1:
                            // The lease expires: its keys go with tombstones.
                            let deadline = ContinuousClock.now + .seconds(10)
                            while try await first.rangeFromDatabase(RangeRequest(range: Self.everyKey)).kvs
                                .contains(where: { $0.lease == lease }), ContinuousClock.now < deadline
                            {
                                try await Task.sleep(for: .milliseconds(100))
                            }
                        case 2:
                            _ = try await second.compact(revision: current - 3, physical: true)
                        default:
                            break
                        }
                        for store in stores { try await Self.expectCacheMatchesDatabase(store, &random) }
                    }
                }
            }
        }
    }

    /// After a linearizable read brought the cache up to date, random ranges at the newest
    /// revision answer the same from the cache as from SQL.
    private static func expectCacheMatchesDatabase(_ store: PostgresStore, _ random: inout SplitMix) async throws {
        let all = try await store.range(RangeRequest(range: everyKey))
        let cache = try #require(store.readCache?.view)
        #expect(cache.revision == all.revision)
        #expect(all == (try await store.rangeFromDatabase(RangeRequest(range: everyKey))))
        for _ in 0..<40 {
            var request = PostgresDifferentialTests.rangeRequest(&random, current: all.revision)
            request.revision = 0
            let expected = try await store.rangeFromDatabase(request)
            #expect(cache.range(request) == expected, "\(request)")
            let linearizable = try await store.range(request)
            #expect(linearizable == expected, "\(request)")
            request.serializable = true
            let serializable = try await store.range(request)
            #expect(serializable == expected, "\(request)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func linearizableReadsSeeWritesAcknowledgedOnAnyNode() async throws {
        // Polls only when woken: a read that waited for the interval would take an hour, and
        // one that gave up waiting would take 30 s.
        let configuration = try await freshDatabase {
            $0.watchPollInterval = .seconds(3600)
            $0.readCacheWait = .seconds(30)
        }
        let nodes = InProcessNodes()
        try await withRunning(nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(nodes.store("node-2", id: 2, configuration: configuration)) { second in
                try await eventually { first.readCache?.revision != nil && second.readCache?.revision != nil }
                let started = ContinuousClock.now
                for step in 0..<40 {
                    let (writer, reader) = step % 2 == 0 ? (first, second) : (second, first)
                    let put = try await writer.put(PutRequest(key: bytes("lin"), value: bytes("\(step)")))
                    let read = try await reader.range(RangeRequest(range: KeyRange(key: bytes("lin"))))
                    #expect(read.kvs.map(\.value) == [bytes("\(step)")])
                    #expect(read.revision >= put.revision)
                }
                #expect(ContinuousClock.now - started < .seconds(20))
            }
        }
    }

    @Test func serializableReadsAnswerFromTheCacheWithoutWaiting() async throws {
        try await withPostgresStore(configure: { $0.watchPollInterval = .seconds(3600) }) { store, _ in
            try await eventually { store.readCache?.revision != nil }
            let key = KeyRange(key: bytes("s"))
            _ = try await store.put(PutRequest(key: key.start, value: bytes("1")))
            #expect(try await store.range(RangeRequest(range: key)).kvs.map(\.value) == [bytes("1")])
            // Nothing wakes the poller after this put, but the leader's commit fed its cache.
            let put = try await store.put(PutRequest(key: key.start, value: bytes("2")))
            let cached = try await store.range(RangeRequest(range: key, serializable: true))
            #expect(cached.kvs.map(\.value) == [bytes("2")] && cached.revision == put.revision)
            #expect(try await store.range(RangeRequest(range: key)).kvs.map(\.value) == [bytes("2")])
        }
        try await withPostgresStore(configure: { $0.readCache = false }) { store, _ in
            #expect(store.readCache == nil)
            let key = KeyRange(key: bytes("s"))
            _ = try await store.put(PutRequest(key: key.start, value: bytes("1")))
            #expect(try await store.range(RangeRequest(range: key, serializable: true)).kvs.map(\.value) == [bytes("1")])
        }
    }

    @Test(.timeLimit(.minutes(2))) func theReadCacheIsRebuiltAfterPostgresRestarts() async throws {
        var server = try await PostgresProcess.start()
        do {
            var configuration = try PostgresStoreConfiguration(url: server.url)
            configuration.watchPollInterval = .milliseconds(5)
            let store = try PostgresStore(configuration: configuration, logger: Logger(label: "restart"))
            try await withRunning(store) { store in
                for index in 0..<10 { _ = try await store.put(PutRequest(key: bytes("r/\(index)"), value: bytes("a"))) }
                #expect(try await store.range(RangeRequest(range: .prefix(bytes("r/")))).count == 10)
                await server.stop(keepFiles: true)
                // A linearizable read makes the leader poll (its own commits keep its cache current
                // otherwise); the poll fails: the cache may miss what changes meanwhile, so it is dropped.
                _ = try? await store.range(RangeRequest(range: .prefix(bytes("r/"))))
                try await eventually { store.readCache?.revision == nil }
                server = try await server.restart()
                var written = false
                let deadline = ContinuousClock.now + .seconds(20)
                while !written, ContinuousClock.now < deadline {
                    written = (try? await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("r/0"))))) != nil
                    if !written { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(written)
                try await eventually { store.readCache?.revision != nil }
                let cached = try await store.range(RangeRequest(range: .prefix(bytes("r/"))))
                #expect(cached.count == 9)
                #expect(cached == (try await store.rangeFromDatabase(RangeRequest(range: .prefix(bytes("r/"))))))
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
