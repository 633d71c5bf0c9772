@testable import BrainPostgres
import Foundation
import Logging
import StoreCore
import Testing
import WharfTestSupport

/// `PostgresStore` against a real PostgreSQL: the etcd semantics case by case.
@Suite(.postgresServer)
struct PostgresStoreTests {
    @Test func putRangeAndRevisions() async throws {
        try await withPostgresStore { store, _ in
            #expect(try await store.put(PutRequest(key: bytes("a"), value: bytes("1"))).revision == 2)
            #expect(try await store.put(PutRequest(key: bytes("b"), value: bytes("2"))).revision == 3)
            let again = try await store.put(PutRequest(key: bytes("a"), value: bytes("3"), prevKV: true))
            #expect(again.revision == 4)
            #expect(again.prevKV?.value == bytes("1"))
            let a = try await store.range(RangeRequest(range: KeyRange(key: bytes("a"))))
            #expect(a.revision == 4)
            #expect(a.kvs == [KeyValue(key: bytes("a"), createRevision: 2, modRevision: 4, version: 2, value: bytes("3"))])
            let old = try await store.range(RangeRequest(range: KeyRange(key: bytes("a")), revision: 2))
            #expect(old.kvs.map(\.value) == [bytes("1")])
            #expect(old.revision == 4)
            let all = try await store.range(RangeRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])), limit: 1))
            #expect(all.kvs.map(\.key) == [bytes("a")])
            #expect(all.more && all.count == 2)
            let counted = try await store.range(RangeRequest(range: .prefix(bytes("")), countOnly: true))
            #expect(counted.count == 2 && counted.kvs.isEmpty)
            await #expect(throws: StoreError.futureRevision) {
                try await store.range(RangeRequest(range: KeyRange(key: bytes("a")), revision: 5))
            }
        }
    }

    @Test func deleteResetsVersionAndCreateRevision() async throws {
        try await withPostgresStore { store, _ in
            for key in ["d/1", "d/2", "e"] { _ = try await store.put(PutRequest(key: bytes(key), value: bytes(key))) }
            let deleted = try await store.deleteRange(DeleteRangeRequest(range: .prefix(bytes("d/")), prevKV: true))
            #expect(deleted.deleted == 2 && deleted.revision == 5)
            #expect(deleted.prevKVs.map(\.key) == [bytes("d/1"), bytes("d/2")])
            let nothing = try await store.deleteRange(DeleteRangeRequest(range: .prefix(bytes("d/"))))
            #expect(nothing.deleted == 0 && nothing.revision == 5)
            _ = try await store.put(PutRequest(key: bytes("d/1"), value: bytes("again")))
            let back = try await store.range(RangeRequest(range: KeyRange(key: bytes("d/1"))))
            #expect(back.kvs.first?.createRevision == 6)
            #expect(back.kvs.first?.version == 1)
            await #expect(throws: StoreError.keyNotFound) {
                try await store.put(PutRequest(key: bytes("d/2"), ignoreValue: true))
            }
        }
    }

    @Test func transactionsDecideOnTheStateBeforeWriting() async throws {
        try await withPostgresStore { store, _ in
            _ = try await store.put(PutRequest(key: bytes("lock"), value: bytes("free")))
            let take = TxnRequest(
                compare: [Compare(range: KeyRange(key: bytes("lock")), target: .value(bytes("free")), result: .equal)],
                success: [
                    .put(PutRequest(key: bytes("lock"), value: bytes("taken"))),
                    .range(RangeRequest(range: KeyRange(key: bytes("lock")))),
                    .txn(
                        TxnRequest(
                            compare: [Compare(range: KeyRange(key: bytes("lock")), target: .version(1), result: .equal)],
                            success: [.put(PutRequest(key: bytes("nested"), value: bytes("yes")))])),
                ],
                failure: [.range(RangeRequest(range: KeyRange(key: bytes("lock"))))])
            let first = try await store.txn(take)
            #expect(first.succeeded && first.revision == 3)
            guard case .range(let inside) = first.responses[1], case .txn(let nested) = first.responses[2] else {
                Issue.record("unexpected responses \(first.responses)")
                return
            }
            #expect(inside.kvs.map(\.value) == [bytes("taken")])
            #expect(nested.succeeded)
            let second = try await store.txn(take)
            #expect(!second.succeeded && second.revision == 3)
            await #expect(throws: StoreError.duplicateKey) {
                try await store.txn(
                    TxnRequest(success: [.put(PutRequest(key: bytes("x"))), .put(PutRequest(key: bytes("x")))]))
            }
            await #expect(throws: StoreError.leaseNotFound) {
                try await store.txn(TxnRequest(success: [.put(PutRequest(key: bytes("x"), lease: 99))]))
            }
        }
    }

    @Test func compactionRefusesOldRevisionsAndDeletesHistory() async throws {
        try await withPostgresStore(configure: { $0.compactionBatchRevisions = 2 }) { store, _ in
            for value in 1...6 { _ = try await store.put(PutRequest(key: bytes("h"), value: bytes("\(value)"))) }
            _ = try await store.put(PutRequest(key: bytes("gone"), value: bytes("x")))
            _ = try await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("gone"))))
            #expect(try await store.compact(revision: 6, physical: true) == 9)
            await #expect(throws: StoreError.compacted) {
                try await store.range(RangeRequest(range: KeyRange(key: bytes("h")), revision: 5))
            }
            let atCompaction = try await store.range(RangeRequest(range: KeyRange(key: bytes("h")), revision: 6))
            #expect(atCompaction.kvs.map(\.value) == [bytes("5")])
            await #expect(throws: StoreError.compacted) { try await store.compact(revision: 6, physical: true) }
            await #expect(throws: StoreError.futureRevision) { try await store.compact(revision: 10, physical: true) }
            _ = try await store.compact(revision: 9, physical: true)
            try await eventually { store.readCache?.keyCount == 1 }
            let status = try await store.status()
            #expect(status.compactRevision == 9 && status.revision == 9 && status.keyCount == 1)
            #expect(try await store.range(RangeRequest(range: KeyRange(key: bytes("h")))).kvs.map(\.value) == [bytes("6")])
        }
    }

    @Test func watchDeliversHistoryAndLiveEventsInOrder() async throws {
        try await withPostgresStore { store, _ in
            _ = try await store.put(PutRequest(key: bytes("w/a"), value: bytes("0")))
            let session = store.openWatchSession()
            var responses = ResponseReader(session.responses)
            session.create(WatchCreateRequest(range: .prefix(bytes("w/")), startRevision: 2, prevKV: true))
            #expect(await responses.next()?.created == true)
            _ = try await store.put(PutRequest(key: bytes("w/a"), value: bytes("1")))
            _ = try await store.put(PutRequest(key: bytes("other"), value: bytes("x")))
            _ = try await store.txn(
                TxnRequest(success: [
                    .put(PutRequest(key: bytes("w/b"), value: bytes("b"))),
                    .deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("w/a")))),
                ]))
            let events = await responses.events(4)
            #expect(events.map(\.kind) == [.put, .put, .put, .delete])
            #expect(events.map(\.kv.modRevision) == [2, 3, 5, 5])
            #expect(events[1].prevKV?.value == bytes("0"))
            #expect(events[3].prevKV?.value == bytes("1"))
            _ = try await store.compact(revision: 4, physical: true)
            session.create(WatchCreateRequest(range: KeyRange(key: bytes("w/a")), startRevision: 2))
            #expect(await responses.next()?.created == true)
            let canceled = await responses.next()
            #expect(canceled?.canceled == true && canceled?.compactRevision == 4)
            session.close()
        }
    }

    @Test(.timeLimit(.minutes(1))) func theLeaderDeliversItsCommitsToWatchersWithoutPolling() async throws {
        try await withPostgresStore(configure: { $0.watchPollInterval = .seconds(3600) }) { store, _ in
            let session = store.openWatchSession()
            var responses = ResponseReader(session.responses)
            // A command wakes the hub; after that nothing polls within the test.
            session.create(WatchCreateRequest(range: .prefix(bytes("p/")), prevKV: true))
            #expect(await responses.next()?.created == true)
            let first = try await store.put(PutRequest(key: bytes("p/a"), value: bytes("1")))
            _ = try await store.put(PutRequest(key: bytes("p/a"), value: bytes("2")))
            _ = try await store.deleteRange(DeleteRangeRequest(range: .prefix(bytes("p/"))))
            let events = await responses.events(3)
            #expect(events.map(\.kind) == [.put, .put, .delete])
            #expect(events.map(\.kv.modRevision) == [first.revision, first.revision + 1, first.revision + 2])
            #expect(events[1].prevKV?.value == bytes("1") && events[2].prevKV?.value == bytes("2"))
            session.close()
        }
    }

    @Test func leasesExpireAndTakeTheirKeys() async throws {
        try await withPostgresStore { store, _ in
            let lease = try await store.leaseGrant(ttl: 2, id: 0)
            #expect(lease.ttl == 2)
            await #expect(throws: StoreError.leaseExists) { try await store.leaseGrant(ttl: 5, id: lease.id) }
            _ = try await store.put(PutRequest(key: bytes("l/1"), value: bytes("x"), lease: lease.id))
            let ttl = try await store.leaseTimeToLive(lease.id, keys: true)
            #expect(ttl.grantedTTL == 2 && ttl.keys == [bytes("l/1")])
            #expect(try await store.leaseKeepAlive(lease.id).ttl == 2)
            #expect(try await store.leases() == [lease.id])
            let other = try await store.leaseGrant(ttl: 60, id: 42)
            _ = try await store.put(PutRequest(key: bytes("l/2"), value: bytes("y"), lease: other.id))
            _ = try await store.leaseRevoke(other.id)
            #expect(try await store.range(RangeRequest(range: KeyRange(key: bytes("l/2")))).kvs.isEmpty)
            // Expiry runs every second on the database's clock.
            let deadline = ContinuousClock.now + .seconds(6)
            while try await !store.range(RangeRequest(range: KeyRange(key: bytes("l/1")))).kvs.isEmpty {
                #expect(ContinuousClock.now < deadline)
                if ContinuousClock.now >= deadline { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await store.leaseTimeToLive(lease.id, keys: false).ttl == -1)
        }
    }

    @Test func twoNodesShareOneRevisionOrder() async throws {
        let configuration = try await freshDatabase()
        let nodes = InProcessNodes()
        try await withRunning(try nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(try nodes.store("node-2", id: 2, configuration: configuration)) { second in
                let session = second.openWatchSession()
                var responses = ResponseReader(session.responses)
                session.create(WatchCreateRequest(range: .prefix(bytes("n/"))))
                #expect(await responses.next()?.created == true)
                // One of them leads; the other forwards its writes to it.
                let revisions = try await withThrowingTaskGroup(of: [Revision].self) { group in
                    for (index, node) in [first, second].enumerated() {
                        group.addTask {
                            var revisions: [Revision] = []
                            for step in 0..<20 {
                                let put = PutRequest(key: bytes("n/\(index)/\(step)"), value: bytes("v"))
                                revisions.append(try await node.put(put).revision)
                            }
                            return revisions
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(revisions.sorted() == Array(2...41))
                let events = await responses.events(40)
                #expect(events.map(\.kv.modRevision) == Array(2...41))
                session.close()
                #expect(first.leaderID == second.leaderID)
                #expect(try await first.members().map(\.id) == [1, 2])
                #expect(try await second.members().map(\.clientURLs) == [["inproc://node-1"], ["inproc://node-2"]])
            }
        }
    }

    @Test func aDeposedLeaderCannotWrite() async throws {
        // The first leader never renews by itself, so it still believes it leads after its lease
        // ran out and another node took over: only the fence in its write transaction stops it.
        let (old, makeNew) = try await leadersOldAndNew()
        try await withRunning(old) { old in
            try await eventually { old.leaderID == 7 }
            #expect(try await old.put(PutRequest(key: bytes("k"), value: bytes("1"))).revision == 2)
            #expect(old.leaderID == 7)
            try await withRunning(try makeNew()) { new in
                try await eventually { new.leaderID == 8 }
                #expect(old.leaderID == 7)
                await #expect(throws: StoreError.unavailable("etcdserver: no leader")) {
                    try await old.put(PutRequest(key: bytes("fenced"), value: bytes("x")))
                }
                // The refusal taught the old leader who leads now; nothing was written.
                #expect(old.leaderID == 8)
                let fenced = try await new.range(RangeRequest(range: KeyRange(key: bytes("fenced"))))
                #expect(fenced.kvs.isEmpty && fenced.revision == 2)
                #expect(try await new.put(PutRequest(key: bytes("k"), value: bytes("2"))).revision == 3)
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aLeaderDeposedUnawaresStillDeliversTheNewLeadersWrites() async throws {
        // The old leader skips its polls while its own commits keep its watchers current, but
        // not for long: it never renews, so only its bounded rest makes it read the new writes.
        let (old, makeNew) = try await leadersOldAndNew()
        try await withRunning(old) { old in
            try await eventually { old.leaderID == 7 }
            let session = old.openWatchSession()
            var responses = ResponseReader(session.responses)
            session.create(WatchCreateRequest(range: KeyRange(key: bytes("k"))))
            #expect(await responses.next()?.created == true)
            #expect(try await old.put(PutRequest(key: bytes("k"), value: bytes("1"))).revision == 2)
            #expect(await responses.events(1).map(\.kv.value) == [bytes("1")])
            try await withRunning(try makeNew()) { new in
                try await eventually { new.leaderID == 8 }
                let written = ContinuousClock.now
                #expect(try await new.put(PutRequest(key: bytes("k"), value: bytes("2"))).revision == 3)
                #expect(await responses.events(1).map(\.kv.value) == [bytes("2")])
                #expect(ContinuousClock.now - written < .seconds(2))
                // It still believes it leads: the event came from its own read of the store.
                #expect(old.leaderID == 7)
            }
            session.close()
        }
    }

    /// A store (member 7) that never renews its 500 ms leadership by itself, so it still believes
    /// it leads after another node took over, and a maker of that other node (member 8, renewing
    /// every 50 ms), both on one fresh database.
    private func leadersOldAndNew() async throws -> (old: PostgresStore, makeNew: @Sendable () throws -> PostgresStore) {
        let configuration = try await freshDatabase {
            $0.leaderLease = .milliseconds(500)
            $0.leaderWait = .milliseconds(500)
        }
        var sleepy = configuration
        sleepy.leaderRenewInterval = .seconds(3600)
        var eager = configuration
        eager.leaderRenewInterval = .milliseconds(50)
        let old = try PostgresStore(
            configuration: sleepy, member: StoreMember(id: 7, name: "old", clientURLs: []), logger: Logger(label: "old"))
        return (old, { [eager] in
            try PostgresStore(
                configuration: eager, member: StoreMember(id: 8, name: "new", clientURLs: []), logger: Logger(label: "new"))
        })
    }
}
