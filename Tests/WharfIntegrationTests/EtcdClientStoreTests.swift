import EtcdClient
import Foundation
import StoreCore
import Testing
import WharfTestSupport

/// `EtcdClient` as `any KeyValueStore`: the same scenarios against a real etcd 3.4 and against
/// `wharf brain`, each started by the test, so the protocol behaves the same on either.
@Suite struct EtcdClientStoreTests {
    /// The server behind the client.
    enum Peer: String, CaseIterable, Sendable {
        case etcd, brain
    }

    /// Starts `peer`, connects a client, and runs `body` with it as a store and a way to stop the
    /// server; stops the server and closes the client however `body` ends.
    static func withStore(
        _ peer: Peer, arguments: [String] = [],
        _ body: (any KeyValueStore, _ stopServer: @Sendable () async -> Void) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-etcdclient")
        defer { directory.remove() }
        let port: Int
        let stopServer: @Sendable () async -> Void
        switch peer {
        case .etcd:
            let etcd = try await EtcdProcess.start(in: directory.url, extraArguments: arguments)
            (port, stopServer) = (etcd.clientPort, { await etcd.stop() })
        case .brain:
            let brain = try await BrainProcess.start(dataDirectory: directory.url, extraArguments: arguments)
            (port, stopServer) = (brain.clientPort, { await brain.stop() })
        }
        do {
            let client = try await EtcdClient.connect(host: "127.0.0.1", port: port)
            do {
                try await body(client, stopServer)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        } catch {
            await stopServer()
            throw error
        }
        await stopServer()
    }

    static func bytes(_ text: String) -> Data { Data(text.utf8) }

    static func keys(_ kvs: [KeyValue]) -> [String] {
        kvs.map { String(decoding: $0.key, as: UTF8.self) }
    }

    /// What reading a watch session gave: responses, its end, or nothing within the time allowed.
    enum Next: Equatable {
        case responses([WatchResponse])
        case end
        case timedOut
    }

    /// Reads a session's responses one by one, whatever batches they arrive in. Waiting is
    /// bounded, so a missing response fails the test instead of hanging it (a timeout finishes
    /// the session's queue).
    struct WatchReader {
        let queue: WatchResponseQueue
        private var buffered: [WatchResponse] = []

        init(_ session: any WatchSession) {
            queue = session.responses
        }

        /// The next `count` responses; fewer if the session ends or they do not come in time.
        mutating func take(_ count: Int) async -> [WatchResponse] {
            while buffered.count < count, case .responses(let batch) = await Self.nextBatch(queue) {
                buffered += batch
            }
            let taken = Array(buffered.prefix(count))
            buffered.removeFirst(taken.count)
            return taken
        }

        /// The next responses, up to the one that brings the events they carry to `count`.
        mutating func takeEvents(_ count: Int) async -> [WatchResponse] {
            var taken: [WatchResponse] = []
            while taken.reduce(0, { $0 + $1.events.count }) < count {
                let next = await take(1)
                if next.isEmpty { break }
                taken += next
            }
            return taken
        }

        /// Whatever comes next: the responses already received, or the next batch or the end.
        mutating func next() async -> Next {
            guard buffered.isEmpty else {
                defer { buffered = [] }
                return .responses(buffered)
            }
            return await Self.nextBatch(queue)
        }

        private static func nextBatch(_ queue: WatchResponseQueue) async -> Next {
            await withTaskGroup(of: Next.self) { group in
                group.addTask {
                    var iterator = queue.makeAsyncIterator()
                    return await iterator.next().map(Next.responses) ?? .end
                }
                group.addTask {
                    // A hang check, not a latency bound: generous for a loaded two-core machine.
                    try? await Task.sleep(for: .seconds(30))
                    return .timedOut
                }
                let first = await group.next()!
                group.cancelAll()
                return first
            }
        }
    }

    // MARK: Keys and values

    @Test(arguments: Peer.allCases)
    func putGetRangeAndDelete(peer: Peer) async throws {
        try await Self.withStore(peer) { store, _ in
            let first = try await store.put(PutRequest(key: Self.bytes("kv/a"), value: Self.bytes("1")))
            #expect(first.prevKV == nil)
            let second = try await store.put(PutRequest(key: Self.bytes("kv/a"), value: Self.bytes("2"), prevKV: true))
            #expect(second.revision == first.revision + 1)
            #expect(
                second.prevKV
                    == KeyValue(
                        key: Self.bytes("kv/a"), createRevision: first.revision, modRevision: first.revision,
                        version: 1,
                        value: Self.bytes("1")))
            let b = try await store.put(PutRequest(key: Self.bytes("kv/b"), value: Self.bytes("b")))
            let c = try await store.put(PutRequest(key: Self.bytes("kv/c"), value: Self.bytes("c")))
            #expect(c.revision == b.revision + 1)

            let get = try await store.range(RangeRequest(range: KeyRange(key: Self.bytes("kv/a"))))
            #expect(get.revision == c.revision)
            #expect(get.count == 1)
            #expect(!get.more)
            #expect(
                get.kvs == [
                    KeyValue(
                        key: Self.bytes("kv/a"), createRevision: first.revision, modRevision: second.revision,
                        version: 2,
                        value: Self.bytes("2"))
                ])

            let prefix = KeyRange.prefix(Self.bytes("kv/"))
            let page = try await store.range(RangeRequest(range: prefix, limit: 2))
            #expect(Self.keys(page.kvs) == ["kv/a", "kv/b"])
            #expect(page.more)
            #expect(page.count == 3)
            let counted = try await store.range(RangeRequest(range: prefix, countOnly: true))
            #expect(counted.kvs.isEmpty)
            #expect(counted.count == 3)
            let keysOnly = try await store.range(RangeRequest(range: prefix, keysOnly: true))
            #expect(keysOnly.kvs.allSatisfy { $0.value.isEmpty })
            #expect(Self.keys(keysOnly.kvs) == ["kv/a", "kv/b", "kv/c"])
            let descending = try await store.range(RangeRequest(range: prefix, sortOrder: .descend, sortTarget: .key))
            #expect(Self.keys(descending.kvs) == ["kv/c", "kv/b", "kv/a"])
            let recent = try await store.range(RangeRequest(range: prefix, minModRevision: b.revision))
            #expect(Self.keys(recent.kvs) == ["kv/b", "kv/c"])
            let past = try await store.range(RangeRequest(range: prefix, revision: first.revision))
            #expect(past.kvs.map(\.value) == [Self.bytes("1")])
            #expect(past.count == 1)

            let deleted = try await store.deleteRange(
                DeleteRangeRequest(range: KeyRange(key: Self.bytes("kv/b")), prevKV: true))
            #expect(deleted.revision == c.revision + 1)
            #expect(deleted.deleted == 1)
            #expect(deleted.prevKVs.map(\.value) == [Self.bytes("b")])
            let nothing = try await store.deleteRange(
                DeleteRangeRequest(range: KeyRange(key: Self.bytes("kv/missing"))))
            #expect(nothing.deleted == 0)
            #expect(nothing.revision == deleted.revision)
            let rest = try await store.deleteRange(DeleteRangeRequest(range: prefix))
            #expect(rest.deleted == 2)
            #expect(try await store.range(RangeRequest(range: prefix)).count == 0)
        }
    }

    // MARK: Transactions

    @Test(arguments: Peer.allCases)
    func transactionsTakeTheBranchTheirComparesChoose(peer: Peer) async throws {
        try await Self.withStore(peer) { store, _ in
            let lease = try await store.leaseGrant(ttl: 60, id: 0)
            let put = try await store.put(PutRequest(key: Self.bytes("tx/a"), value: Self.bytes("1"), lease: lease.id))
            let key = KeyRange(key: Self.bytes("tx/a"))
            let missing = KeyRange(key: Self.bytes("tx/missing"))
            let holding = [
                Compare(range: key, target: .value(Self.bytes("1")), result: .equal),
                Compare(range: key, target: .version(1), result: .equal),
                Compare(range: key, target: .createRevision(put.revision), result: .equal),
                Compare(range: key, target: .modRevision(put.revision + 10), result: .less),
                Compare(range: key, target: .lease(lease.id), result: .equal),
                Compare(range: key, target: .version(0), result: .greater),
                Compare(range: missing, target: .createRevision(0), result: .equal),
                Compare(range: KeyRange.prefix(Self.bytes("tx/")), target: .value(Self.bytes("2")), result: .notEqual),
            ]
            let nested = TxnRequest(
                compare: [Compare(range: key, target: .version(1), result: .equal)],
                success: [.put(PutRequest(key: Self.bytes("tx/nested"), value: Self.bytes("n")))],
                failure: [.range(RangeRequest(range: key))])
            let success = try await store.txn(
                TxnRequest(
                    compare: holding,
                    success: [
                        .put(PutRequest(key: Self.bytes("tx/a"), value: Self.bytes("2"), prevKV: true)),
                        .range(RangeRequest(range: key)),
                        .deleteRange(DeleteRangeRequest(range: missing)),
                        .txn(nested),
                    ],
                    failure: [.range(RangeRequest(range: key))]))
            #expect(success.succeeded)
            #expect(success.revision == put.revision + 1)
            #expect(success.responses.count == 4)
            guard success.responses.count == 4,
                case .put(let written) = success.responses[0],
                case .range(let read) = success.responses[1],
                case .deleteRange(let deleted) = success.responses[2],
                case .txn(let inner) = success.responses[3]
            else {
                Issue.record("unexpected responses \(success.responses)")
                return
            }
            #expect(written.revision == success.revision)
            #expect(written.prevKV?.value == Self.bytes("1"))
            // Reads in a transaction see its earlier writes.
            #expect(read.kvs.map(\.value) == [Self.bytes("2")])
            #expect(read.kvs.first?.modRevision == success.revision)
            #expect(deleted.deleted == 0)
            #expect(inner.succeeded)
            #expect(inner.revision == success.revision)
            guard case .put(let nestedPut) = inner.responses.first else {
                Issue.record("unexpected nested responses \(inner.responses)")
                return
            }
            #expect(nestedPut.revision == success.revision)
            let nestedKey = try await store.range(RangeRequest(range: KeyRange(key: Self.bytes("tx/nested"))))
            #expect(nestedKey.kvs.map(\.value) == [Self.bytes("n")])

            // Every target and result again, each now failing: the failure branch runs, nothing is written.
            let failing = [
                Compare(range: key, target: .value(Self.bytes("1")), result: .equal),
                Compare(range: key, target: .version(1), result: .equal),
                Compare(range: key, target: .createRevision(put.revision), result: .notEqual),
                Compare(range: key, target: .modRevision(success.revision), result: .greater),
                Compare(range: key, target: .lease(lease.id), result: .equal),
                Compare(range: key, target: .version(2), result: .less),
                Compare(range: missing, target: .value(Data()), result: .equal),
                Compare(range: KeyRange.prefix(Self.bytes("tx/")), target: .value(Self.bytes("2")), result: .notEqual),
            ]
            for compare in failing {
                let failed = try await store.txn(
                    TxnRequest(
                        compare: [compare], success: [.put(PutRequest(key: Self.bytes("tx/never")))],
                        failure: [.range(RangeRequest(range: key))]))
                #expect(!failed.succeeded, "\(compare) should fail")
                #expect(failed.revision == success.revision)
                guard case .range(let current)? = failed.responses.first else {
                    Issue.record("unexpected failure responses \(failed.responses)")
                    continue
                }
                #expect(current.kvs.map(\.value) == [Self.bytes("2")])
            }
            #expect(try await store.range(RangeRequest(range: KeyRange(key: Self.bytes("tx/never")))).count == 0)
        }
    }

    // MARK: Errors

    @Test(arguments: Peer.allCases)
    func serverErrorsBecomeTheirStoreErrors(peer: Peer) async throws {
        try await Self.withStore(peer) { store, _ in
            let key = Self.bytes("err/a")
            var revisions: [Revision] = []
            for value in ["1", "2", "3"] {
                revisions.append(try await store.put(PutRequest(key: key, value: Self.bytes(value))).revision)
            }
            await #expect(throws: StoreError.futureRevision) {
                try await store.range(RangeRequest(range: KeyRange(key: key), revision: revisions[2] + 5))
            }
            #expect(try await store.compact(revision: revisions[1], physical: true) == revisions[2])
            await #expect(throws: StoreError.compacted) {
                try await store.range(RangeRequest(range: KeyRange(key: key), revision: revisions[0]))
            }
            #expect(
                try await store.range(RangeRequest(range: KeyRange(key: key), revision: revisions[1])).kvs.first?.value
                    == Self.bytes("2"))
            await #expect(throws: StoreError.compacted) {
                try await store.compact(revision: revisions[0], physical: false)
            }
            await #expect(throws: StoreError.futureRevision) {
                try await store.compact(revision: revisions[2] + 5, physical: false)
            }

            await #expect(throws: StoreError.leaseNotFound) { try await store.leaseRevoke(0x5eed) }
            await #expect(throws: StoreError.leaseNotFound) { try await store.leaseKeepAlive(0x5eed) }
            await #expect(throws: StoreError.leaseNotFound) {
                try await store.put(PutRequest(key: key, value: Self.bytes("x"), lease: 0x5eed))
            }
            _ = try await store.leaseGrant(ttl: 60, id: 0x1ea5e)
            await #expect(throws: StoreError.leaseExists) { try await store.leaseGrant(ttl: 60, id: 0x1ea5e) }

            await #expect(throws: StoreError.duplicateKey) {
                try await store.txn(TxnRequest(success: [.put(PutRequest(key: key)), .put(PutRequest(key: key))]))
            }
            let tooMany = (0...128).map { RequestOp.put(PutRequest(key: Self.bytes("err/many/\($0)"))) }
            await #expect(throws: StoreError.tooManyOperations) { try await store.txn(TxnRequest(success: tooMany)) }
            await #expect(throws: StoreError.emptyKey) { try await store.put(PutRequest(key: Data())) }
            await #expect(throws: StoreError.keyNotFound) {
                try await store.put(PutRequest(key: Self.bytes("err/missing"), ignoreValue: true))
            }
            // Over --max-request-bytes (1.5 MiB) etcd refuses the request; over its gRPC limit
            // (2 MiB) gRPC does. Both are "too large".
            await #expect(throws: StoreError.requestTooLarge) {
                try await store.put(PutRequest(key: key, value: Data(count: 1_700_000)))
            }
            await #expect(throws: StoreError.requestTooLarge) {
                try await store.put(PutRequest(key: key, value: Data(count: 3_000_000)))
            }
            // None of the refused writes changed the store.
            #expect(
                try await store.range(RangeRequest(range: KeyRange.prefix(Self.bytes("err/")))).revision == revisions[2]
            )
        }
    }

    // MARK: Watch

    @Test(arguments: Peer.allCases)
    func watchReplaysHistoryThenFollowsWrites(peer: Peer) async throws {
        try await Self.withStore(peer) { store, _ in
            let prefix = KeyRange.prefix(Self.bytes("w/"))
            let a1 = try await store.put(PutRequest(key: Self.bytes("w/a"), value: Self.bytes("1"))).revision
            let b1 = try await store.put(PutRequest(key: Self.bytes("w/b"), value: Self.bytes("1"))).revision
            let a2 = try await store.put(PutRequest(key: Self.bytes("w/a"), value: Self.bytes("2"))).revision
            let bDeleted = try await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: Self.bytes("w/b"))))
                .revision
            let session = store.openWatchSession()
            defer { session.close() }
            var reader = WatchReader(session)

            session.create(WatchCreateRequest(range: prefix, startRevision: a1, prevKV: true))
            let created = await reader.take(1)
            #expect(created.map(\.watchID) == [0])
            #expect(created.first?.created == true)
            #expect(created.first?.canceled == false)
            let replay = await reader.takeEvents(4)
            let events = replay.flatMap(\.events)
            #expect(replay.allSatisfy { $0.watchID == 0 && !$0.created && !$0.canceled })
            #expect(events.map(\.kind) == [.put, .put, .put, .delete])
            #expect(Self.keys(events.map(\.kv)) == ["w/a", "w/b", "w/a", "w/b"])
            #expect(events.map(\.kv.modRevision) == [a1, b1, a2, bDeleted])
            #expect(events.map { $0.prevKV?.value } == [nil, nil, Self.bytes("1"), Self.bytes("1")])

            // Explicit IDs are used as given; a duplicate is refused; automatic IDs keep counting.
            session.create(WatchCreateRequest(range: KeyRange(key: Self.bytes("w/a")), watchID: 7))
            session.create(WatchCreateRequest(range: prefix, watchID: 7))
            session.create(WatchCreateRequest(range: prefix, filterPuts: true))
            let answers = await reader.take(3)
            #expect(answers.map(\.watchID) == [7, WatchResponse.progressWatchID, 1])
            #expect(answers.map(\.created) == [true, true, true])
            #expect(answers.map(\.canceled) == [false, true, false])

            // A refusal by the caller is answered in order after the creates before it.
            session.create(WatchCreateRequest(range: KeyRange(key: Self.bytes("w/zzz"))))
            session.deny(
                WatchCreateRequest(range: KeyRange(key: Self.bytes("w/secret"))),
                reason: "etcdserver: permission denied")
            let denied = await reader.take(2)
            #expect(denied.map(\.watchID) == [2, WatchResponse.progressWatchID])
            #expect(denied.last?.created == true)
            #expect(denied.last?.canceled == true)
            #expect(denied.last?.cancelReason == "etcdserver: permission denied")

            let a3 = try await store.put(PutRequest(key: Self.bytes("w/a"), value: Self.bytes("3"))).revision
            let live = await reader.take(2)
            #expect(Set(live.map(\.watchID)) == [0, 7])
            #expect(live.allSatisfy { $0.revision == a3 && $0.events.map(\.kv.modRevision) == [a3] })
            #expect(live.first { $0.watchID == 0 }?.events.first?.prevKV?.value == Self.bytes("2"))

            session.cancel(7)
            let canceled = await reader.take(1)
            #expect(canceled.map(\.watchID) == [7])
            #expect(canceled.first?.canceled == true)

            let aDeleted = try await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: Self.bytes("w/a"))))
                .revision
            let afterCancel = await reader.take(2)
            #expect(Set(afterCancel.map(\.watchID)) == [0, 1])
            #expect(afterCancel.allSatisfy { $0.events.map(\.kind) == [.delete] && $0.revision == aDeleted })

            session.requestProgress()
            let progress = await reader.take(1)
            #expect(progress == [WatchResponse(revision: aDeleted, watchID: WatchResponse.progressWatchID)])

            session.close()
            #expect(await reader.next() == .end)
        }
    }

    @Test(arguments: Peer.allCases)
    func watchFromACompactedRevisionIsCanceledWithTheCompactRevision(peer: Peer) async throws {
        try await Self.withStore(peer) { store, _ in
            let key = KeyRange(key: Self.bytes("c/a"))
            var revisions: [Revision] = []
            for value in ["1", "2", "3"] {
                revisions.append(try await store.put(PutRequest(key: key.start, value: Self.bytes(value))).revision)
            }
            _ = try await store.compact(revision: revisions[1], physical: true)
            let session = store.openWatchSession()
            defer { session.close() }
            var reader = WatchReader(session)
            session.create(WatchCreateRequest(range: key, startRevision: revisions[0]))
            let responses = await reader.take(2)
            #expect(responses.map(\.watchID) == [0, 0])
            #expect(responses.map(\.created) == [true, false])
            #expect(responses.last?.canceled == true)
            #expect(responses.last?.compactRevision == revisions[1])
            #expect(responses.allSatisfy { $0.events.isEmpty })

            // From the compact revision on, history is still there.
            session.create(WatchCreateRequest(range: key, startRevision: revisions[1]))
            let replay = await reader.take(2)
            #expect(replay.map(\.watchID) == [1, 1])
            #expect(replay.last?.events.map(\.kv.modRevision) == [revisions[1], revisions[2]])
        }
    }

    /// With `--max-request-bytes` at 64 KiB both servers split responses over 576 KiB; twelve
    /// 60,000-byte values deleted in one revision come back whole.
    @Test(arguments: Peer.allCases)
    func fragmentedResponsesArriveWhole(peer: Peer) async throws {
        try await Self.withStore(peer, arguments: ["--max-request-bytes", "65536"]) { store, _ in
            let prefix = KeyRange.prefix(Self.bytes("frag/"))
            var first: Revision = 0
            for index in 0..<12 {
                let value = Data(repeating: UInt8(65 + index), count: 60_000)
                let revision = try await store.put(PutRequest(key: Self.bytes("frag/\(index)"), value: value)).revision
                if index == 0 { first = revision }
            }
            let session = store.openWatchSession()
            defer { session.close() }
            var reader = WatchReader(session)
            session.create(WatchCreateRequest(range: prefix, startRevision: first, fragment: true))
            let replay = await reader.take(2)
            #expect(replay.map(\.created) == [true, false])
            #expect(replay.map(\.allowsFragments) == [true, true])
            #expect(replay.last?.events.count == 12)

            session.create(WatchCreateRequest(range: prefix, prevKV: true, fragment: true))
            #expect(await reader.take(1).map(\.watchID) == [1])
            let deleted = try await store.deleteRange(DeleteRangeRequest(range: prefix)).revision
            let live = await reader.take(2)
            #expect(Set(live.map(\.watchID)) == [0, 1])
            #expect(live.allSatisfy { $0.revision == deleted && $0.events.count == 12 })
            // About 720 KB of previous values: split by the server, joined by the client.
            let withPrevious = live.first { $0.watchID == 1 }
            #expect(withPrevious?.events.allSatisfy { $0.prevKV?.value.count == 60_000 } == true)
        }
    }

    // MARK: Leases

    @Test(arguments: Peer.allCases)
    func leasesGrantRenewReportAndRevoke(peer: Peer) async throws {
        try await Self.withStore(peer) { store, _ in
            let granted = try await store.leaseGrant(ttl: 60, id: 0)
            #expect(granted.id != 0)
            #expect(granted.ttl == 60)
            let chosen = try await store.leaseGrant(ttl: 30, id: 4242)
            #expect(chosen.id == 4242)
            #expect(chosen.ttl == 30)
            #expect(try await store.leases() == [granted.id, chosen.id].sorted())

            _ = try await store.put(PutRequest(key: Self.bytes("l/b"), value: Self.bytes("b"), lease: granted.id))
            let last = try await store.put(
                PutRequest(key: Self.bytes("l/a"), value: Self.bytes("a"), lease: granted.id))
            let attached = try await store.range(RangeRequest(range: KeyRange(key: Self.bytes("l/a"))))
            #expect(attached.kvs.first?.lease == granted.id)

            let renewed = try await store.leaseKeepAlive(granted.id)
            #expect(renewed.ttl == 60)
            #expect(renewed.revision == last.revision)
            let info = try await store.leaseTimeToLive(granted.id, keys: true)
            #expect(info.id == granted.id)
            #expect(info.grantedTTL == 60)
            #expect((55...60).contains(info.ttl))
            #expect(Set(info.keys) == [Self.bytes("l/a"), Self.bytes("l/b")])
            #expect(try await store.leaseTimeToLive(granted.id, keys: false).keys.isEmpty)

            let revoked = try await store.leaseRevoke(granted.id)
            #expect(revoked == last.revision + 1)
            #expect(try await store.range(RangeRequest(range: KeyRange.prefix(Self.bytes("l/")))).count == 0)
            #expect(try await store.leaseTimeToLive(granted.id, keys: true).ttl == -1)
            #expect(try await store.leases() == [chosen.id])
            await #expect(throws: StoreError.leaseNotFound) { try await store.leaseKeepAlive(granted.id) }
        }
    }

    // MARK: A broken connection

    @Test(arguments: Peer.allCases)
    func aStoppedServerFailsCallsAsUnavailable(peer: Peer) async throws {
        try await Self.withStore(peer) { store, stopServer in
            _ = try await store.put(PutRequest(key: Self.bytes("gone/a"), value: Self.bytes("1")))
            let session = store.openWatchSession()
            defer { session.close() }
            var reader = WatchReader(session)
            session.create(WatchCreateRequest(range: KeyRange(key: Self.bytes("gone/a"))))
            #expect(await reader.take(1).map(\.created) == [true])

            await stopServer()
            let started = ContinuousClock.now
            #expect(await reader.next() == .end)
            let calls: [(String, @Sendable () async throws -> Void)] = [
                ("range", { _ = try await store.range(RangeRequest(range: KeyRange(key: Self.bytes("gone/a")))) }),
                ("put", { _ = try await store.put(PutRequest(key: Self.bytes("gone/a"))) }),
                ("txn", { _ = try await store.txn(TxnRequest()) }),
                ("leaseGrant", { _ = try await store.leaseGrant(ttl: 10, id: 0) }),
                ("leaseKeepAlive", { _ = try await store.leaseKeepAlive(1) }),
                ("leases", { _ = try await store.leases() }),
            ]
            for (name, call) in calls {
                do {
                    try await call()
                    Issue.record("\(name) succeeded against a stopped server")
                } catch StoreError.unavailable(let reason) {
                    #expect(!reason.isEmpty)
                } catch {
                    Issue.record("\(name) failed with \(error), not unavailable")
                }
            }
            let another = store.openWatchSession()
            another.create(WatchCreateRequest(range: KeyRange(key: Self.bytes("gone/a"))))
            var anotherReader = WatchReader(another)
            #expect(await anotherReader.next() == .end)
            // Not a performance bound: it only tells "failed promptly" from "hung until some long timeout"
            // (the whole suite runs in parallel on two cores, so seconds of scheduling delay are normal).
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }
}
