@testable import BrainPostgres
import Foundation
import StoreCore
import Testing

/// Batches committed in two statements from a snapshot, and the guard that sends them to a
/// transaction when the store moved or the fence no longer leads.
extension PostgresStoreTests {
    @Test func singleKeyBatchesCommitFromASnapshot() async throws {
        try await withPostgresStore { store, _ in
            let lease = try await store.leaseGrant(ttl: 60, id: 0)
            let before = store.batchCounts.committed
            let answers = try await commitAsOneBatch(
                [
                    .put(PutRequest(key: bytes("a"), value: bytes("1"))),
                    .put(PutRequest(key: bytes("a"), value: bytes("2"), prevKV: true)),
                    .put(PutRequest(key: bytes("l"), value: bytes("x"), lease: lease.id)),
                    .put(PutRequest(key: bytes("m"), value: bytes("y"), lease: 12345)),
                    .txn(
                        TxnRequest(
                            compare: [Compare(range: KeyRange(key: bytes("a")), target: .version(2), result: .equal)],
                            success: [.put(PutRequest(key: bytes("b"), value: bytes("3")))],
                            failure: [.put(PutRequest(key: bytes("b"), value: bytes("never")))])),
                    .delete(DeleteRangeRequest(range: KeyRange(key: bytes("a")), prevKV: true)),
                    .put(PutRequest(key: bytes("a"), ignoreValue: true)),
                ], on: store)
            #expect(store.batchCounts.committed.snapshot == before.snapshot + 1)
            #expect(store.batchCounts.committed.transaction == before.transaction)
            let a2 = KeyValue(key: bytes("a"), createRevision: 2, modRevision: 3, version: 2, value: bytes("2"))
            #expect(answers[0] == .put(PutResponse(revision: 2)))
            #expect(
                answers[1]
                    == .put(PutResponse(revision: 3, prevKV: KeyValue(key: bytes("a"), createRevision: 2, modRevision: 2, version: 1, value: bytes("1")))))
            #expect(answers[2] == .put(PutResponse(revision: 4)))
            #expect(answers[3] == .failed(.leaseNotFound))
            guard case .txn(let txn) = answers[4] else {
                Issue.record("unexpected answer \(answers[4])")
                return
            }
            #expect(txn.succeeded && txn.revision == 5)
            #expect(answers[5] == .delete(DeleteRangeResponse(revision: 6, deleted: 1, prevKVs: [a2])))
            #expect(answers[6] == .failed(.keyNotFound))
            let after = try await store.rangeFromDatabase(RangeRequest(range: .prefix(bytes(""))))
            #expect(after.revision == 6)
            #expect(after.kvs.map { "\(String(decoding: $0.key, as: UTF8.self))@\($0.modRevision)/\($0.lease)" } == ["b@5/0", "l@4/\(lease.id)"])
        }
    }

    @Test func batchesThatReadRangesCommitInATransaction() async throws {
        try await withPostgresStore { store, _ in
            _ = try await store.put(PutRequest(key: bytes("p/1"), value: bytes("1")))
            let before = store.batchCounts.committed
            let answers = try await commitAsOneBatch(
                [
                    .put(PutRequest(key: bytes("p/2"), value: bytes("2"))),
                    .delete(DeleteRangeRequest(range: .prefix(bytes("p/")))),
                ], on: store)
            #expect(store.batchCounts.committed.snapshot == before.snapshot)
            #expect(store.batchCounts.committed.transaction == before.transaction + 1)
            #expect(answers == [.put(PutResponse(revision: 3)), .delete(DeleteRangeResponse(revision: 4, deleted: 2))])
        }
    }

    @Test func aSnapshotBatchWritesNothingOnceTheStoreMovedOrTheFenceIsStale() async throws {
        try await withPostgresStore { store, _ in
            _ = try await store.put(PutRequest(key: bytes("a"), value: bytes("1")))
            let fence = try await leaderFence(of: store)
            let put = PutRequest(key: bytes("a"), value: bytes("late"))
            let footprint = WriteFootprint(put)
            // Another write lands between the snapshot and the commit.
            let moved = try await store.database { connection in
                let writer = try #require(try await PostgresWriter.snapshot(of: footprint, on: connection, logger: store.logger))
                _ = try await writer.perform(put)
                _ = try await store.put(PutRequest(key: bytes("b"), value: bytes("2")))
                return try await writer.commitIfUnchanged(fence: fence)
            }
            #expect(!moved)
            // The fence of an older epoch.
            let stale = try await store.database { connection in
                let writer = try #require(try await PostgresWriter.snapshot(of: footprint, on: connection, logger: store.logger))
                _ = try await writer.perform(put)
                return try await writer.commitIfUnchanged(fence: PostgresWriter.Fence(member: fence.member, epoch: fence.epoch - 1))
            }
            #expect(!stale)
            let after = try await store.rangeFromDatabase(RangeRequest(range: .prefix(bytes(""))))
            #expect(after.revision == 3)
            #expect(after.kvs.map(\.value) == [bytes("1"), bytes("2")])
        }
    }
}
