import EtcdClient
import Foundation
import Linearizability
import StoreCore
import Synchronization
import Testing
import WharfTestSupport

/// Three `wharf brain --backend postgres://…` nodes on one PostgreSQL, used through the etcd API
/// only: concurrent clients on different nodes see one linearizable register per key, and
/// watchers on every node see the same complete event sequence.
@Suite(.serialized)
struct PostgresConsistencyTests {
    @Test func readsPutsAndCompareAndSetsAcrossNodesAreLinearizable() async throws {
        try await withCluster { nodes in
            let recorder = HistoryRecorder()
            let keys = (0..<4).map { "lin/\($0)" }
            let deadline = ContinuousClock.now + .seconds(4)
            let counts = try await withThrowingTaskGroup(of: OperationCounts.self) { group in
                for client in 0..<5 {
                    let port = nodes[client % nodes.count].clientPort
                    group.addTask {
                        try await EtcdClient.withConnection(host: "127.0.0.1", port: port) { etcd in
                            try await Self.runClient(client, on: etcd, keys: keys, until: deadline, recorder: recorder)
                        }
                    }
                }
                return try await group.reduce(into: OperationCounts()) { $0.add($1) }
            }
            let history = recorder.history
            // The history must hold enough of each kind for the check to mean something.
            #expect(counts.reads > 50 && counts.writes > 50, "\(counts)")
            #expect(counts.swapped > 10 && counts.refused > 10, "\(counts)")
            #expect(history.count == counts.reads + counts.writes + counts.swapped + counts.refused + counts.failed)
            let verdict = LinearizabilityChecker.check(history)
            if case .notLinearizable(let counterexample) = verdict {
                Issue.record("\(counterexample)")
            }
            #expect(verdict == .linearizable)
            // The same history with one impossible read appended must fail, or the check proves nothing.
            let end = history.compactMap(\.completed).max() ?? .zero
            let impossible = RegisterOperation(
                client: 99, key: keys[0], call: .read, invoked: end + .seconds(1),
                outcome: .returned(.read("never written"), at: end + .seconds(2)))
            #expect(LinearizabilityChecker.check(history + [impossible]) != .linearizable)
        }
    }

    @Test func watchersOnEveryNodeSeeTheSameCompleteHistory() async throws {
        try await withCluster { nodes in
            let clients = try await nodes.asyncMap { try await EtcdClient.connect(host: "127.0.0.1", port: $0.clientPort) }
            let logs = nodes.map { _ in EventLog() }
            var writes = try await Self.write(through: clients, for: .seconds(1))
            // Watchers start after the first writes, from revision 1: history, then live events.
            let sessions = clients.map { $0.openWatchSession() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (session, log) in zip(sessions, logs) {
                    session.create(WatchCreateRequest(range: .prefix(Data("watch/".utf8)), startRevision: 1))
                    group.addTask {
                        for await batch in session.responses { log.append(batch) }
                    }
                }
                writes.merge(try await Self.write(through: clients, for: .seconds(2)))
                let last = try #require(writes.acknowledged.keys.max())
                let deadline = ContinuousClock.now + .seconds(15)
                while logs.contains(where: { $0.lastRevision < last }), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                for session in sessions { session.close() }
                try await group.waitForAll()
            }
            for client in clients { await client.close() }

            let events = logs.map(\.events)
            #expect(logs.allSatisfy { !$0.canceled })
            #expect(events[1] == events[0])
            #expect(events[2] == events[0])
            let revisions = events[0].map(\.kv.modRevision)
            #expect(revisions == revisions.sorted(), "events out of revision order")
            // Every revision of the store (a fresh one: revision 1 is empty) from 2 on, no gap.
            let last = writes.acknowledged.keys.max() ?? 0
            let distinct = Array(Set(revisions)).sorted()
            #expect(distinct.first == 2 && distinct.last == last)
            #expect(distinct.count == distinct.last.map { Int($0) - 1 }, "a revision is missing")
            // Each revision carries exactly the changes its write made, once.
            let byRevision = Dictionary(grouping: events[0], by: \.kv.modRevision).mapValues { $0.map(Change.init) }
            var unexplained = 0
            for (revision, changes) in byRevision {
                if let expected = writes.acknowledged[revision] {
                    #expect(changes.sorted() == expected.sorted(), "revision \(revision)")
                } else {
                    unexplained += 1
                }
            }
            #expect(unexplained <= writes.unknown, "revisions no acknowledged write explains")
            #expect(Set(writes.acknowledged.keys).isSubset(of: Set(byRevision.keys)))
            #expect(writes.acknowledged.count > 50)
        }
    }

    // MARK: Linearizability workload

    /// What one client did.
    struct OperationCounts: Sendable, CustomStringConvertible {
        var reads = 0, writes = 0, swapped = 0, refused = 0, failed = 0

        mutating func add(_ other: OperationCounts) {
            reads += other.reads
            writes += other.writes
            swapped += other.swapped
            refused += other.refused
            failed += other.failed
        }

        var description: String {
            "\(reads) reads, \(writes) writes, \(swapped) compare-and-sets done and \(refused) refused, \(failed) failed"
        }
    }

    /// Random reads, puts and compare-and-sets (a txn comparing the value) until `deadline`;
    /// a failed call is left with an unknown outcome in the history.
    private static func runClient(
        _ client: Int, on etcd: EtcdClient, keys: [String], until deadline: ContinuousClock.Instant,
        recorder: HistoryRecorder
    ) async throws -> OperationCounts {
        var random = SplitMix(state: UInt64(client) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        var counts = OperationCounts()
        var sequence = 0
        while ContinuousClock.now < deadline {
            sequence += 1
            let key = keys[Int.random(in: 0..<keys.count, using: &random)]
            let range = KeyRange(key: Data(key.utf8))
            let value = "c\(client)-\(sequence)"
            do {
                let read = {
                    let ticket = recorder.invoke(client: client, key: key, .read)
                    let kv = try await etcd.range(RangeRequest(range: range)).kvs.first
                    let current = kv.map { String(decoding: $0.value, as: UTF8.self) }
                    recorder.complete(ticket, .read(current))
                    counts.reads += 1
                    return current
                }
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    _ = try await read()
                case 1:
                    let ticket = recorder.invoke(client: client, key: key, .write(value))
                    _ = try await etcd.put(PutRequest(key: range.start, value: Data(value.utf8)))
                    recorder.complete(ticket, .written)
                    counts.writes += 1
                default:
                    // Read, then swap from what was read: other clients often get in between.
                    let expected = try await read() ?? "never written"
                    let ticket = recorder.invoke(client: client, key: key, .compareAndSet(expected: expected, new: value))
                    let response = try await etcd.txn(
                        TxnRequest(
                            compare: [Compare(range: range, target: .value(Data(expected.utf8)), result: .equal)],
                            success: [.put(PutRequest(key: range.start, value: Data(value.utf8)))]))
                    recorder.complete(ticket, .compareAndSet(succeeded: response.succeeded))
                    if response.succeeded { counts.swapped += 1 } else { counts.refused += 1 }
                }
            } catch {
                counts.failed += 1
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        return counts
    }

    // MARK: Watch workload

    /// One change as a watcher sees it and as a write predicts it.
    struct Change: Hashable, Comparable, Sendable {
        var key: String
        /// nil for a deletion.
        var value: String?

        init(key: String, value: String?) {
            self.key = key
            self.value = value
        }

        init(_ event: Event) {
            key = String(decoding: event.kv.key, as: UTF8.self)
            value = event.kind == .put ? String(decoding: event.kv.value, as: UTF8.self) : nil
        }

        static func < (lhs: Change, rhs: Change) -> Bool { lhs.key < rhs.key }
    }

    /// The writes the workload made: acknowledged ones by revision, and how many failed.
    struct Writes: Sendable {
        var acknowledged: [Revision: [Change]] = [:]
        var unknown = 0

        mutating func merge(_ other: Writes) {
            acknowledged.merge(other.acknowledged) { $1 }
            unknown += other.unknown
        }
    }

    /// One writer per client for `duration`: puts, two-key transactions and deletes of its own keys.
    private static func write(through clients: [EtcdClient], for duration: Duration) async throws -> Writes {
        let deadline = ContinuousClock.now + duration
        return try await withThrowingTaskGroup(of: Writes.self) { group in
            for (index, etcd) in clients.enumerated() {
                group.addTask {
                    var random = SplitMix(state: UInt64(index + 1) &* 0xD1B5_4A32_D192_ED03)
                    var writes = Writes()
                    var live: [String] = []
                    var sequence = 0
                    while ContinuousClock.now < deadline {
                        sequence += 1
                        let key = "watch/w\(index)/\(Int.random(in: 0..<20, using: &random))"
                        let value = "w\(index)-\(sequence)"
                        do {
                            switch Int.random(in: 0..<4, using: &random) {
                            case 0 where !live.isEmpty:
                                let victim = live.remove(at: Int.random(in: 0..<live.count, using: &random))
                                let response = try await etcd.deleteRange(DeleteRangeRequest(range: KeyRange(key: Data(victim.utf8))))
                                if response.deleted > 0 { writes.acknowledged[response.revision] = [Change(key: victim, value: nil)] }
                            case 1:
                                let other = "watch/w\(index)/pair-\(sequence % 7)"
                                let response = try await etcd.txn(
                                    TxnRequest(success: [
                                        .put(PutRequest(key: Data(key.utf8), value: Data(value.utf8))),
                                        .put(PutRequest(key: Data(other.utf8), value: Data(value.utf8))),
                                    ]))
                                writes.acknowledged[response.revision] = [
                                    Change(key: key, value: value), Change(key: other, value: value),
                                ]
                                live.append(key)
                            default:
                                let response = try await etcd.put(PutRequest(key: Data(key.utf8), value: Data(value.utf8)))
                                writes.acknowledged[response.revision] = [Change(key: key, value: value)]
                                live.append(key)
                            }
                        } catch {
                            writes.unknown += 1
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                    return writes
                }
            }
            return try await group.reduce(into: Writes()) { $0.merge($1) }
        }
    }

    /// The events one watcher received, and whether it was cancelled.
    final class EventLog: Sendable {
        private let state = Mutex<(events: [Event], canceled: Bool)>(([], false))

        func append(_ responses: [WatchResponse]) {
            state.withLock { state in
                for response in responses {
                    state.events += response.events
                    if response.canceled { state.canceled = true }
                }
            }
        }

        var events: [Event] { state.withLock { $0.events } }
        var canceled: Bool { state.withLock { $0.canceled } }
        var lastRevision: Revision { state.withLock { $0.events.last?.kv.modRevision ?? 0 } }
    }

    // MARK: Cluster

    /// Starts PostgreSQL and three brain nodes on it, runs `body`, and stops them all.
    private func withCluster(_ body: ([BrainProcess]) async throws -> Void) async throws {
        let postgres = try await PostgresProcess.start()
        let directory = try TemporaryDirectory(prefix: "wharf-brain-consistency")
        defer { directory.remove() }
        var nodes: [BrainProcess] = []
        do {
            for index in 1...3 {
                nodes.append(
                    try await BrainProcess.start(
                        dataDirectory: directory.path("node-\(index)"), extraArguments: ["--backend", postgres.url]))
            }
            try await body(nodes)
        } catch {
            for node in nodes { await node.stop() }
            await postgres.stop()
            throw error
        }
        for node in nodes { #expect(await node.stop() == 0) }
        await postgres.stop()
    }
}

extension Array {
    /// Maps each element with an async transform, one after another.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
