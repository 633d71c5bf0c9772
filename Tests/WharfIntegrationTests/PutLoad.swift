import EtcdClient
import Foundation
import StoreCore
import Synchronization
import Testing
import WharfTestSupport

/// Clients putting distinct keys in a loop, recording every put acknowledged.
final class PutLoad: Sendable {
    /// An acknowledged put.
    struct Put: Sendable {
        var key: String
        var revision: Revision
    }

    private let acknowledged = Mutex<[Put]>([])
    private let overdue = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// The puts acknowledged so far.
    var puts: [Put] { acknowledged.withLock { $0 } }

    /// How many puts got no answer within their 10 s deadline (and were cancelled).
    var unanswered: Int { overdue.load(ordering: .relaxed) }

    /// Runs `clients` writers until stopped, each on its own client trying `nodes` in a
    /// different order; a failed put is retried with the next key after a short pause, and a put
    /// unanswered for 10 s is cancelled and counted.
    private func run(clients: Int, nodes: [BrainProcess]) async {
        await withDiscardingTaskGroup { group in
            for client in 0..<clients {
                let order = Array(nodes[(client % nodes.count)...] + nodes[..<(client % nodes.count)])
                group.addTask {
                    let store = PostgresCluster.store(order)
                    var index = 0
                    while !self.stopped.load(ordering: .relaxed) {
                        let key = "load/\(client)/\(index)"
                        index += 1
                        do {
                            let put = PutRequest(key: Data(key.utf8), value: Data(key.utf8))
                            if let revision = try await withDeadline(.seconds(10), { try await store.put(put).revision }) {
                                self.acknowledged.withLock { $0.append(Put(key: key, revision: revision)) }
                            } else {
                                self.overdue.add(1, ordering: .relaxed)
                            }
                        } catch {
                            try? await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    await store.close()
                }
            }
        }
    }

    /// Runs the writers around `body`, which starts once 30 puts
    /// were acknowledged; the writers stop when `body` ends.
    func around(clients: Int, nodes: [BrainProcess], _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run(clients: clients, nodes: nodes) }
            defer { stopped.store(true, ordering: .relaxed) }
            #expect(try await waitForMore(30, timeout: .seconds(20)), "no load before the test")
            try await body()
            stopped.store(true, ordering: .relaxed)
            try await group.waitForAll()
            #expect(unanswered == 0, "puts left unanswered for 10 s")
        }
    }

    /// Waits until `count` more puts were acknowledged than now; false if not within `timeout`.
    func waitForMore(_ count: Int, timeout: Duration) async throws -> Bool {
        let target = puts.count + count
        let deadline = ContinuousClock.now + timeout
        while puts.count < target {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Expects every acknowledged put to be readable through `store` with the revision it was
    /// acknowledged at.
    func expectAllReadable(through store: EtcdStore, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let read = try await store.range(RangeRequest(range: .prefix(Data("load/".utf8))))
        let revisions = Dictionary(uniqueKeysWithValues: read.kvs.map { (String(decoding: $0.key, as: UTF8.self), $0.modRevision) })
        let missing = puts.filter { revisions[$0.key] != $0.revision }
        #expect(missing.isEmpty, "acknowledged puts missing or changed: \(missing.prefix(5))", sourceLocation: sourceLocation)
        #expect(!puts.isEmpty, sourceLocation: sourceLocation)
    }
}
