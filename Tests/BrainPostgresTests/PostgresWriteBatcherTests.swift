@testable import BrainPostgres
import Foundation
import StoreCore
import Synchronization
import Testing

/// The batcher on its own, without a database: what one batch holds, and that every request is
/// answered whatever its batch's commit does.
struct PostgresWriteBatcherTests {
    private let fence = PostgresWriter.Fence(member: 1, epoch: 1)

    /// Submits a put of `valueBytes` bytes whose body must never run; returns its answer.
    private func submitPut(_ batcher: PostgresWriteBatcher, key: String, valueBytes: Int = 1) async -> StoreError? {
        let put = PutRequest(key: bytes(key), value: Data(count: valueBytes))
        do {
            _ = try await batcher.submit(fence: fence, footprint: WriteFootprint(put)) { _ in
                Issue.record("the body ran without a database")
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func batchesAreCappedByCountAndBytes() async throws {
        let batcher = PostgresWriteBatcher()
        let sizes = Mutex<[Int]>([])
        let record: ([any PostgresBatchedWrite]) async -> Void = { batch in
            sizes.withLock { $0.append(batch.count) }
            for request in batch { request.finish(.failed(.unavailable("test"))) }
        }
        await withTaskGroup(of: StoreError?.self) { group in
            for index in 0..<300 {
                group.addTask { await submitPut(batcher, key: "k\(index)") }
            }
            try? await eventually { batcher.waiting == 300 }
            // Two requests of 600 KiB: together over the byte cap, so they go one by one.
            for index in 0..<2 {
                group.addTask { await submitPut(batcher, key: "big\(index)", valueBytes: 600 << 10) }
            }
            try? await eventually { batcher.waiting == 302 }
            while await batcher.commitNext(with: record) {}
            for await answer in group { #expect(answer == .unavailable("test")) }
        }
        #expect(sizes.withLock { $0 } == [256, 45, 1])
    }

    @Test(.timeLimit(.minutes(1))) func everyRequestIsAnsweredWhenItsCommitAnswersNone() async throws {
        let batcher = PostgresWriteBatcher()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // A commit that returns without answering, then one that hangs until the loop stops.
            let commits = Atomic<Int>(0)
            group.addTask {
                await batcher.run { _ in
                    if commits.add(1, ordering: .relaxed).newValue > 1 { try? await Task.sleep(for: .seconds(3600)) }
                }
            }
            #expect(await submitPut(batcher, key: "first") == .unavailable("etcdserver: request was not run"))
            async let hung = submitPut(batcher, key: "hung")
            try await eventually { batcher.waiting == 0 && commits.load(ordering: .relaxed) == 2 }
            async let queued = submitPut(batcher, key: "queued")
            try await eventually { batcher.waiting == 1 }
            group.cancelAll()
            #expect(await hung == .unavailable("etcdserver: request was not run"))
            #expect(await queued == .unavailable("etcdserver: server stopped"))
            try await group.waitForAll()
            #expect(await submitPut(batcher, key: "late") == .unavailable("etcdserver: server stopped"))
        }
    }
}
