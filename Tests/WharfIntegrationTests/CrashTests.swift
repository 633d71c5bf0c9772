import EtcdWire
import Foundation
import EtcdClient
import WharfGRPC
import Synchronization
import Testing
import WharfTestSupport

/// Durability under SIGKILL: writers put keys, delete some and run transactions against
/// `wharf brain`, which is killed at a random moment and restarted on the same data directory,
/// several times over. Every write brain acknowledged must survive with its value and mod revision,
/// every acknowledged delete must stay deleted, and a lease granted before the first crash must
/// still hold its key.
@Suite(.serialized) struct CrashTests {
    /// One acknowledged put, delete or transaction: the keys it set (to which values) or deleted, and
    /// its revision.
    struct AckedWrite: Sendable {
        var writer: Int
        var values: [String: Data]
        var deletes: [String] = []
        var revision: Int64
    }

    /// The lease every crash test grants before its first kill, with one key attached.
    static let leaseKey = "lease/held"
    static let leaseTTL: Int64 = 600

    /// Everything the writers learned while brain ran: acknowledged writes in the order each writer
    /// saw them, and any failure that happened before the kill (which no test expects).
    final class Ledger: Sendable {
        private let state = Mutex<(writes: [AckedWrite], unsure: Set<String>, failures: [String])>(([], [], []))
        /// Set just before SIGKILL; a writer's error before then is a real failure.
        let killed = Atomic<Bool>(false)

        var writes: [AckedWrite] { state.withLock { $0.writes } }
        /// Keys whose delete was in flight at a kill: they may or may not exist.
        var unsure: Set<String> { state.withLock { $0.unsure } }
        var failures: [String] { state.withLock { $0.failures } }

        func record(_ write: AckedWrite) { state.withLock { $0.writes.append(write) } }

        func recordUnsure(_ key: String) { state.withLock { _ = $0.unsure.insert(key) } }

        func fail(_ message: String) { state.withLock { $0.failures.append(message) } }
    }

    /// Puts `<prefix><index>` one at a time. Every `transactionEvery`th write is a transaction that
    /// creates two keys at once, guarded by a compare that they do not exist yet; every
    /// `deleteEvery`th deletes the oldest key this writer put since brain last started.
    struct Writer: Sendable {
        var id: Int
        var prefix: String
        var seed: UInt64
        static let transactionEvery = 7
        static let deleteEvery = 11

        func key(_ index: Int) -> String { "\(prefix)\(String(format: "%06d", index))" }

        /// A value whose length and bytes depend only on the seed, writer and index.
        func value(_ index: Int, _ salt: UInt64 = 0) -> Data {
            var random = DifferentialTests.SplitMix(state: seed ^ UInt64(id << 40) ^ UInt64(index) ^ (salt << 56))
            let length = Int.random(in: 8...600, using: &random)
            return Data((0..<length).map { _ in UInt8.random(in: 0x21...0x7E, using: &random) })
        }

        /// Writes from `index` until a call fails (brain was killed) or the task is cancelled.
        /// - Returns: the next index never acknowledged, where the next round carries on.
        func run(on kv: EtcdClient, from index: Int, into ledger: Ledger) async -> Int {
            var index = index
            var deletable: [String] = []
            var deleting: String?
            while !Task.isCancelled {
                do {
                    if index % Self.deleteEvery == Self.deleteEvery - 1, !deletable.isEmpty {
                        let doomed = deletable.removeFirst()
                        var delete = Etcdserverpb_DeleteRangeRequest()
                        delete.key = Data(doomed.utf8)
                        deleting = doomed
                        let response = try await kv.deleteRange(delete)
                        deleting = nil
                        guard response.deleted == 1 else {
                            ledger.fail("writer \(id): deleting acknowledged \(doomed) deleted \(response.deleted) keys")
                            return index + 1
                        }
                        ledger.record(AckedWrite(writer: id, values: [:], deletes: [doomed], revision: response.header.revision))
                    } else if index % Self.transactionEvery == 0 {
                        let twin = key(index) + "/twin"
                        var create = Etcdserverpb_Compare()
                        create.key = Data(key(index).utf8)
                        create.target = .version
                        create.result = .equal
                        create.version = 0
                        var txn = Etcdserverpb_TxnRequest()
                        txn.compare = [create]
                        txn.success = [(key(index), value(index)), (twin, value(index, 1))].map { key, value in
                            var put = Etcdserverpb_PutRequest()
                            put.key = Data(key.utf8)
                            put.value = value
                            var op = Etcdserverpb_RequestOp()
                            op.requestPut = put
                            return op
                        }
                        let response = try await kv.txn(txn)
                        guard response.succeeded else {
                            ledger.fail("writer \(id): txn creating \(key(index)) failed its compare")
                            return index + 1
                        }
                        ledger.record(AckedWrite(
                            writer: id, values: [key(index): value(index), twin: value(index, 1)],
                            revision: response.header.revision))
                    } else {
                        var put = Etcdserverpb_PutRequest()
                        put.key = Data(key(index).utf8)
                        put.value = value(index)
                        let response = try await kv.put(put)
                        ledger.record(AckedWrite(writer: id, values: [key(index): value(index)], revision: response.header.revision))
                        deletable.append(key(index))
                    }
                    index += 1
                } catch {
                    // The write in flight is unknown: it may or may not have committed, so its index is
                    // never reused, and a key it was deleting may or may not be there.
                    if let deleting { ledger.recordUnsure(deleting) }
                    if !ledger.killed.load(ordering: .sequentiallyConsistent) {
                        ledger.fail("writer \(id) failed at \(key(index)) before the kill: \(error)")
                    }
                    return index + 1
                }
            }
            return index
        }
    }

    /// Grants a lease of ``leaseTTL`` seconds and puts ``leaseKey`` on it.
    /// - Returns: the lease's ID and the acknowledged put (writer -1).
    static func grantLeaseWithKey(_ brain: BrainProcess) async throws -> (lease: Int64, put: AckedWrite) {
        try await EtcdClient.withConnection(host: "127.0.0.1", port: brain.clientPort) { etcd in
            var grant = Etcdserverpb_LeaseGrantRequest()
            grant.ttl = leaseTTL
            let lease = try await etcd.leaseGrant(grant).id
            var put = Etcdserverpb_PutRequest()
            put.key = Data(leaseKey.utf8)
            put.value = Data("held by \(lease)".utf8)
            put.lease = lease
            let revision = try await etcd.put(put).header.revision
            return (lease, AckedWrite(writer: -1, values: [leaseKey: put.value], revision: revision))
        }
    }

    /// Checks every acknowledged write, and the lease if one was granted, against what restarted
    /// brain serves.
    /// - Returns: one line per violation.
    static func violations(in ledger: Ledger, lease: Int64?, brain: BrainProcess) async throws -> [String] {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data([0])
        request.rangeEnd = Data([0])
        var problems: [String] = []
        let response = try await EtcdClient.withConnection(host: "127.0.0.1", port: brain.clientPort) { etcd in
            if let lease {
                var query = Etcdserverpb_LeaseTimeToLiveRequest()
                query.id = lease
                query.keys = true
                let held = try await etcd.leaseTimeToLive(query)
                if held.ttl <= 0 || held.grantedTtl != leaseTTL || held.keys != [Data(leaseKey.utf8)] {
                    problems.append("lease \(lease) lost: ttl \(held.ttl), granted \(held.grantedTtl), keys \(held.keys.count)")
                }
            }
            return try await etcd.range(request)
        }
        let stored = Dictionary(uniqueKeysWithValues: response.kvs.map { (String(decoding: $0.key, as: UTF8.self), $0) })
        let writes = ledger.writes
        let unsure = ledger.unsure
        let deleted = Set(writes.flatMap(\.deletes))
        for write in writes {
            for key in write.deletes where stored[key] != nil {
                problems.append("\(key), deleted at revision \(write.revision), is back")
            }
            for (key, value) in write.values.sorted(by: { $0.key < $1.key }) where !deleted.contains(key) {
                guard let pair = stored[key] else {
                    if unsure.contains(key) { continue }
                    problems.append("acknowledged \(key) at revision \(write.revision) is missing")
                    continue
                }
                if pair.value != value { problems.append("\(key): value changed (\(pair.value.count) bytes, acked \(value.count))") }
                if pair.modRevision != write.revision {
                    problems.append("\(key): mod revision \(pair.modRevision), acknowledged at \(write.revision)")
                }
            }
        }
        for (writer, acked) in Dictionary(grouping: writes, by: \.writer) {
            for (earlier, later) in zip(acked, acked.dropFirst()) where later.revision <= earlier.revision {
                problems.append("writer \(writer): revision \(later.revision) acknowledged after \(earlier.revision)")
            }
        }
        let revisions = writes.map(\.revision)
        if Set(revisions).count != revisions.count { problems.append("two acknowledged writes share a revision") }
        if let last = revisions.max(), response.header.revision < last {
            problems.append("store revision \(response.header.revision) is behind acknowledged revision \(last)")
        }
        return problems
    }

    /// Lets `writers` write to `brain` from the indexes in `next`, and SIGKILLs brain `killAfter` the
    /// round's first acknowledgement.
    /// - Returns: where each writer carries on next round.
    static func writeUntilKilled(
        _ brain: BrainProcess, writers: [Writer], from next: [Int], into ledger: Ledger, killAfter: Duration
    ) async throws -> [Int] {
        let acknowledgedBefore = ledger.writes.count
        ledger.killed.store(false, ordering: .sequentiallyConsistent)
        return try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for (slot, writer) in writers.enumerated() {
                group.addTask {
                    let reached = try await EtcdClient.withConnection(host: "127.0.0.1", port: brain.clientPort) { kv in
                        await writer.run(on: kv, from: next[slot], into: ledger)
                    }
                    return (slot, reached)
                }
            }
            // Time the kill from the first acknowledgement, so every round has writes at risk.
            let deadline = ContinuousClock.now + .seconds(20)
            while ledger.writes.count == acknowledgedBefore && ledger.failures.isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: killAfter)
            ledger.killed.store(true, ordering: .sequentiallyConsistent)
            await brain.process.stop(signal: SIGKILL)
            var reached = next
            for try await (slot, index) in group { reached[slot] = index }
            return reached
        }
    }

    /// Runs `rounds` kill-and-restart rounds with `writers` concurrent writers, checking the ledger
    /// after every restart, the last one included.
    func crashRounds(seed: UInt64, rounds: Int, writers: [Writer]) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-crash")
        defer { directory.remove() }
        var random = DifferentialTests.SplitMix(state: seed)
        let ledger = Ledger()
        var next = [Int](repeating: 0, count: writers.count)
        var problems: [String] = []
        var logs: [URL] = []
        var lease: Int64?
        for round in 0...rounds {
            let brain = try await BrainProcess.start(dataDirectory: directory.url)
            logs.append(brain.process.logFile)
            do {
                problems += try await Self.violations(in: ledger, lease: lease, brain: brain).map { "start \(round): \($0)" }
                if lease == nil {
                    let granted = try await Self.grantLeaseWithKey(brain)
                    lease = granted.lease
                    ledger.record(granted.put)
                }
                guard round < rounds, problems.isEmpty else {
                    #expect(await brain.stop() == 0, "brain did not stop cleanly after the last restart")
                    break
                }
                let acknowledgedBefore = ledger.writes.count
                let killAfter = Duration.milliseconds(Int.random(in: 50...400, using: &random))
                next = try await Self.writeUntilKilled(brain, writers: writers, from: next, into: ledger, killAfter: killAfter)
                if ledger.writes.count == acknowledgedBefore { problems.append("round \(round): no write was acknowledged") }
            } catch {
                await brain.process.stop(signal: SIGKILL)
                throw error
            }
        }
        problems += ledger.failures
        let logTail = logs.suffix(2).map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.joined(separator: "\n---\n")
        #expect(problems.isEmpty, "seed \(seed):\n\(problems.prefix(20).joined(separator: "\n"))\nbrain logs:\n\(logTail)")
    }

    /// One writer: each write is its own group commit.
    @Test(arguments: [101 as UInt64, 202])
    func acknowledgedSequentialWritesSurviveSIGKILL(seed: UInt64) async throws {
        try await crashRounds(seed: seed, rounds: 6, writers: [Writer(id: 0, prefix: "k/", seed: seed)])
    }

    /// Six writers on their own connections: their writes share group commits, so a kill can land
    /// in the middle of a group.
    @Test(arguments: [303 as UInt64, 404])
    func acknowledgedConcurrentWritesSurviveSIGKILL(seed: UInt64) async throws {
        let writers = (0..<6).map { Writer(id: $0, prefix: "c/\($0)/", seed: seed) }
        try await crashRounds(seed: seed, rounds: 4, writers: writers)
    }
}
