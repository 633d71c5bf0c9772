@testable import BrainPostgres
import Foundation
import StoreCore
import Testing
import WharfTestSupport

/// Group commit on the leader: what one batch transaction answers each of its requests.
extension PostgresStoreTests {
    @Test func concurrentPutsGetDistinctConsecutiveRevisions() async throws {
        try await withPostgresStore { store, _ in
            let session = store.openWatchSession()
            var responses = ResponseReader(session.responses)
            session.create(WatchCreateRequest(range: .prefix(bytes("c/"))))
            #expect(await responses.next()?.created == true)
            let written = try await withThrowingTaskGroup(of: [Data: Revision].self) { group in
                for client in 0..<16 {
                    group.addTask {
                        var written: [Data: Revision] = [:]
                        for step in 0..<8 {
                            let key = bytes("c/\(client)/\(step)")
                            written[key] = try await store.put(PutRequest(key: key, value: key)).revision
                        }
                        return written
                    }
                }
                return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
            }
            #expect(written.values.sorted() == Array(2...129))
            // Each put's answer is the revision its row was written at.
            let stored = try await store.range(RangeRequest(range: .prefix(bytes("c/"))))
            #expect(Dictionary(uniqueKeysWithValues: stored.kvs.map { ($0.key, $0.modRevision) }) == written)
            let events = await responses.events(128)
            #expect(events.map(\.kv.modRevision) == Array(2...129))
            #expect(events.allSatisfy { written[$0.kv.key] == $0.kv.modRevision })
            session.close()
        }
    }

    @Test func oneBatchAnswersEachRequestAsIfAlone() async throws {
        try await withPostgresStore { store, _ in
            _ = try await store.put(PutRequest(key: bytes("a"), value: bytes("1")))
            let k1 = KeyValue(key: bytes("k1"), createRevision: 3, modRevision: 3, version: 1, value: bytes("x"))
            let answers = try await commitAsOneBatch(
                [
                    .put(PutRequest(key: bytes("k1"), value: bytes("x"))),
                    .txn(
                        TxnRequest(
                            compare: [Compare(range: KeyRange(key: bytes("a")), target: .value(bytes("2")), result: .equal)],
                            success: [.put(PutRequest(key: bytes("a"), value: bytes("never")))],
                            failure: [.range(RangeRequest(range: KeyRange(key: bytes("a"))))])),
                    .put(PutRequest(key: bytes("k2"), value: bytes("y"), lease: 99)),
                    .put(PutRequest(key: bytes("k2"), value: bytes("y"), prevKV: true)),
                    // Sees the two puts before it in the same batch, and its own put.
                    .txn(
                        TxnRequest(
                            compare: [
                                Compare(range: KeyRange(key: bytes("k1")), target: .version(1), result: .equal),
                                Compare(range: .prefix(bytes("k")), target: .value(bytes("w")), result: .greater),
                            ],
                            success: [
                                .put(PutRequest(key: bytes("k3"), value: bytes("z"))),
                                .range(RangeRequest(range: .prefix(bytes("k")), keysOnly: true)),
                            ])),
                    .delete(DeleteRangeRequest(range: KeyRange(key: bytes("k1")), prevKV: true)),
                    .put(PutRequest(key: bytes("k1"), ignoreValue: true)),
                    .put(PutRequest(key: bytes("a"), value: bytes("4"), prevKV: true)),
                ], on: store)
            #expect(answers.count == 8)
            #expect(answers[0] == .put(PutResponse(revision: 3)))
            guard case .txn(let failed) = answers[1], case .range(let a)? = failed.responses.first else {
                Issue.record("unexpected answer \(answers[1])")
                return
            }
            #expect(!failed.succeeded && failed.revision == 3)
            #expect(a.kvs.map(\.value) == [bytes("1")] && a.revision == 3)
            #expect(answers[2] == .failed(.leaseNotFound))
            #expect(answers[3] == .put(PutResponse(revision: 4, prevKV: nil)))
            guard case .txn(let sees) = answers[4], sees.responses.count == 2, case .range(let k) = sees.responses[1] else {
                Issue.record("unexpected answer \(answers[4])")
                return
            }
            #expect(sees.succeeded && sees.revision == 5)
            #expect(k.kvs.map(\.key) == [bytes("k1"), bytes("k2"), bytes("k3")] && k.revision == 5)
            #expect(answers[5] == .delete(DeleteRangeResponse(revision: 6, deleted: 1, prevKVs: [k1])))
            #expect(answers[6] == .failed(.keyNotFound))
            #expect(
                answers[7]
                    == .put(
                        PutResponse(
                            revision: 7,
                            prevKV: KeyValue(key: bytes("a"), createRevision: 2, modRevision: 2, version: 1, value: bytes("1")))))
            let after = try await store.range(RangeRequest(range: .prefix(bytes(""))))
            #expect(after.revision == 7)
            #expect(after.kvs.map { "\(String(decoding: $0.key, as: UTF8.self))@\($0.modRevision)" } == ["a@7", "k2@4", "k3@5"])
        }
    }

    @Test func aDeposedLeadersBatchWritesNothing() async throws {
        try await withPostgresStore { store, _ in
            _ = try await store.put(PutRequest(key: bytes("a"), value: bytes("1")))
            let fence = try await leaderFence(of: store)
            let stale = PostgresWriter.Fence(member: fence.member, epoch: fence.epoch - 1)
            let answers = try await commitAsOneBatch(
                [
                    .put(PutRequest(key: bytes("b"), value: bytes("2"))),
                    .delete(DeleteRangeRequest(range: KeyRange(key: bytes("a")))),
                    .txn(TxnRequest(success: [.put(PutRequest(key: bytes("c"), value: bytes("3")))])),
                ], on: store, fence: stale)
            #expect(answers == [.deposed, .deposed, .deposed])
            let after = try await store.range(RangeRequest(range: .prefix(bytes(""))))
            #expect(after.revision == 2 && after.kvs.map(\.key) == [bytes("a")])
        }
    }

    @Test func aRequestPostgresRefusesFailsAloneInItsBatch() async throws {
        try await withPostgresStore { store, _ in
            // Random bytes do not compress, so this key exceeds the primary key's entry limit.
            let tooLong = Data((0..<4000).map { _ in UInt8.random(in: 0...255) })
            let answers = try await commitAsOneBatch(
                [
                    .put(PutRequest(key: bytes("before"), value: bytes("1"))),
                    .put(PutRequest(key: tooLong, value: bytes("2"))),
                    .put(PutRequest(key: bytes("after"), value: bytes("3"))),
                ], on: store)
            #expect(answers[0] == .put(PutResponse(revision: 2)))
            guard case .failed(.unavailable) = answers[1] else {
                Issue.record("unexpected answer \(answers[1])")
                return
            }
            #expect(answers[2] == .put(PutResponse(revision: 3)))
            let after = try await store.range(RangeRequest(range: .prefix(bytes(""))))
            #expect(after.revision == 3 && after.kvs.map(\.key) == [bytes("after"), bytes("before")])
        }
    }

    /// What a request of a test's batch was answered.
    enum BatchAnswer: Hashable, Sendable {
        case put(PutResponse)
        case delete(DeleteRangeResponse)
        case txn(TxnResponse)
        case failed(StoreError)
        /// The fence no longer held the leadership.
        case deposed
    }

    /// A request for a test's batch.
    struct BatchedRequest: Sendable {
        /// Submits the request to `batcher` under `fence` and waits for its answer.
        let submit: @Sendable (PostgresWriteBatcher, PostgresWriter.Fence) async -> BatchAnswer

        static func put(_ request: PutRequest) -> Self {
            submitting(WriteFootprint(request), answer: BatchAnswer.put) { try await $0.perform(request) }
        }

        static func delete(_ request: DeleteRangeRequest) -> Self {
            submitting(WriteFootprint(request), answer: BatchAnswer.delete) { try await $0.deleteRange(request) }
        }

        static func txn(_ request: TxnRequest) -> Self {
            submitting(WriteFootprint(request), answer: BatchAnswer.txn) { try await $0.perform(request) }
        }

        private static func submitting<Response: Sendable>(
            _ footprint: WriteFootprint, answer: @escaping @Sendable (Response) -> BatchAnswer,
            _ body: @escaping @Sendable (PostgresWriter) async throws -> Response
        ) -> Self {
            Self { batcher, fence in
                do throws(StoreError) {
                    guard let response = try await batcher.submit(fence: fence, footprint: footprint, body) else {
                        return .deposed
                    }
                    return answer(response)
                } catch {
                    return .failed(error)
                }
            }
        }
    }

    /// The fence of `store` once it leads.
    func leaderFence(of store: PostgresStore) async throws -> PostgresWriter.Fence {
        try await eventually { store.election.epoch != nil }
        return PostgresWriter.Fence(member: store.election.member.id, epoch: try #require(store.election.epoch))
    }

    /// Queues `requests` in order on a batcher of their own (the store's loop never sees them)
    /// and has `store` commit them as one batch under `fence` (the store's own by default).
    func commitAsOneBatch(
        _ requests: [BatchedRequest], on store: PostgresStore, fence: PostgresWriter.Fence? = nil
    ) async throws -> [BatchAnswer] {
        let fence = if let fence { fence } else { try await leaderFence(of: store) }
        let batcher = PostgresWriteBatcher()
        return try await withThrowingTaskGroup(of: (Int, BatchAnswer).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, await request.submit(batcher, fence)) }
                try await eventually { batcher.waiting == index + 1 }
            }
            #expect(await batcher.commitNext(with: store.commit))
            #expect(batcher.waiting == 0)
            var answers = [BatchAnswer?](repeating: nil, count: requests.count)
            for try await (index, answer) in group { answers[index] = answer }
            return answers.compactMap { $0 }
        }
    }
}
