@testable import BrainPostgres
import Foundation
import PostgresNIO
import StoreCore
import Testing

/// Batches committed in two statements from a snapshot, and the guard that sends them to a
/// transaction when the store moved or the fence no longer leads.
extension PostgresStoreTests {
    @Test func singleKeyBatchesCommitFromASnapshot() async throws {
        try await withPostgresStore { store, _ in
            let lease = try await store.leaseGrant(ttl: 60, id: 0)
            let (snapshots, transactions) = (store.batchCounts.committed(.snapshot), store.batchCounts.committed(.transaction))
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
            #expect(store.batchCounts.committed(.snapshot) == snapshots + 1)
            #expect(store.batchCounts.committed(.transaction) == transactions)
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
            let (snapshots, transactions) = (store.batchCounts.committed(.snapshot), store.batchCounts.committed(.transaction))
            let answers = try await commitAsOneBatch(
                [
                    .put(PutRequest(key: bytes("p/2"), value: bytes("2"))),
                    .delete(DeleteRangeRequest(range: .prefix(bytes("p/")))),
                ], on: store)
            #expect(store.batchCounts.committed(.snapshot) == snapshots)
            #expect(store.batchCounts.committed(.transaction) == transactions + 1)
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

    @Test func theLeaderRunsBatchesOnItsLastCommitUntilSomethingElseWrites() async throws {
        try await withPostgresStore { store, _ in
            let first = try await store.put(PutRequest(key: bytes("a"), value: bytes("1")))
            try await eventually { store.readCache?.revision == first.revision }
            let lease = try await store.leaseGrant(ttl: 60, id: 0)
            // The first batch read the store; the next ones start where the previous one ended,
            // with the keys from the read cache and the lease granted here.
            let second = try await store.put(PutRequest(key: bytes("a"), value: bytes("2"), prevKV: true))
            let leased = try await store.put(PutRequest(key: bytes("l"), value: bytes("x"), lease: lease.id))
            #expect(store.batchCounts.committed(.cache) == 2)
            #expect(second.prevKV == KeyValue(key: bytes("a"), createRevision: 2, modRevision: 2, version: 1, value: bytes("1")))
            #expect(leased.revision == 4)
            // A revoked lease is known to be gone.
            _ = try await store.leaseRevoke(lease.id)
            await #expect(throws: StoreError.leaseNotFound) {
                try await store.put(PutRequest(key: bytes("l"), value: bytes("y"), lease: lease.id))
            }
            // Something else writes (a row and the revision, as another leader would have): the
            // state this node knows is stale, so its next batch writes nothing from it and runs
            // again in a transaction on what the database holds.
            let transactions = store.batchCounts.committed(.transaction)
            try await store.database { connection in
                try await connection.query(
                    """
                    WITH inserted AS (
                        INSERT INTO brain_kv (key, mod_revision, sub, create_revision, version, value, lease, deleted)
                        VALUES ('\\x61'::bytea, 6, 0, 6, 1, '\\x33'::bytea, 0, false))
                    UPDATE brain_meta SET revision = 6 WHERE id = 1
                    """, logger: store.logger)
            }
            let third = try await store.put(PutRequest(key: bytes("a"), value: bytes("4"), prevKV: true))
            #expect(third.revision == 7)
            #expect(third.prevKV == KeyValue(key: bytes("a"), createRevision: 6, modRevision: 6, version: 1, value: bytes("3")))
            #expect(store.batchCounts.committed(.transaction) == transactions + 1)
            let after = try await store.rangeFromDatabase(RangeRequest(range: KeyRange(key: bytes("a"))))
            #expect(after.kvs == [KeyValue(key: bytes("a"), createRevision: 6, modRevision: 7, version: 2, value: bytes("4"))])
        }
    }
}
