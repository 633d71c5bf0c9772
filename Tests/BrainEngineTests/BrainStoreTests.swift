import Foundation
import Logging
import StoreCore
import Testing
import WharfTestSupport

@testable import BrainEngine

private func bytes(_ string: String) -> Data { Data(string.utf8) }

private func openStore(_ directory: URL? = nil) throws -> BrainStore {
    try BrainStore(configuration: BrainConfiguration(dataDirectory: directory), logger: Logger(label: "test"))
}

@Suite struct BrainStoreTests {
    @Test func putAssignsRevisionsAndVersions() async throws {
        let store = try openStore()
        let first = try await store.put(PutRequest(key: bytes("a"), value: bytes("1")))
        let second = try await store.put(PutRequest(key: bytes("a"), value: bytes("2"), prevKV: true))
        #expect(first.revision == 2)
        #expect(second.revision == 3)
        #expect(second.prevKV?.value == bytes("1"))
        let read = try await store.range(RangeRequest(range: KeyRange(key: bytes("a"))))
        #expect(read.kvs.count == 1)
        #expect(read.kvs[0].createRevision == 2)
        #expect(read.kvs[0].modRevision == 3)
        #expect(read.kvs[0].version == 2)
        let old = try await store.range(RangeRequest(range: KeyRange(key: bytes("a")), revision: 2))
        #expect(old.kvs.first?.value == bytes("1"))
    }

    @Test func rangeCountsLimitsAndSorts() async throws {
        let store = try openStore()
        for index in 0..<10 {
            _ = try await store.put(PutRequest(key: bytes("k\(index)"), value: bytes("\(9 - index)")))
        }
        _ = try await store.put(PutRequest(key: bytes("z"), value: bytes("outside")))
        let limited = try await store.range(RangeRequest(range: .prefix(bytes("k")), limit: 3))
        #expect(limited.kvs.map(\.key) == [bytes("k0"), bytes("k1"), bytes("k2")])
        #expect(limited.more)
        #expect(limited.count == 10)
        let byValue = try await store.range(
            RangeRequest(range: .prefix(bytes("k")), limit: 2, sortOrder: .ascend, sortTarget: .value))
        #expect(byValue.kvs.map(\.key) == [bytes("k9"), bytes("k8")])
        let all = try await store.range(RangeRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])), countOnly: true))
        #expect(all.count == 11)
        #expect(all.kvs.isEmpty)
    }

    @Test func deleteRangeAndTombstones() async throws {
        let store = try openStore()
        _ = try await store.put(PutRequest(key: bytes("a/1"), value: bytes("x")))
        _ = try await store.put(PutRequest(key: bytes("a/2"), value: bytes("y")))
        let deleted = try await store.deleteRange(DeleteRangeRequest(range: .prefix(bytes("a/")), prevKV: true))
        #expect(deleted.deleted == 2)
        #expect(deleted.revision == 4)
        #expect(deleted.prevKVs.map(\.value) == [bytes("x"), bytes("y")])
        let none = try await store.deleteRange(DeleteRangeRequest(range: .prefix(bytes("a/"))))
        #expect(none.deleted == 0)
        #expect(none.revision == 4)
        let recreated = try await store.put(PutRequest(key: bytes("a/1"), value: bytes("z")))
        let read = try await store.range(RangeRequest(range: KeyRange(key: bytes("a/1"))))
        #expect(read.kvs.first?.createRevision == recreated.revision)
        #expect(read.kvs.first?.version == 1)
    }

    @Test func txnComparesAndBranches() async throws {
        let store = try openStore()
        _ = try await store.put(PutRequest(key: bytes("lock"), value: bytes("free")))
        let acquire = TxnRequest(
            compare: [Compare(range: KeyRange(key: bytes("lock")), target: .value(bytes("free")), result: .equal)],
            success: [.put(PutRequest(key: bytes("lock"), value: bytes("taken"))), .range(RangeRequest(range: KeyRange(key: bytes("lock"))))],
            failure: [.range(RangeRequest(range: KeyRange(key: bytes("lock"))))]
        )
        let first = try await store.txn(acquire)
        #expect(first.succeeded)
        guard case .range(let inside) = first.responses[1] else { Issue.record("expected a range"); return }
        #expect(inside.kvs.first?.value == bytes("taken"))
        let second = try await store.txn(acquire)
        #expect(!second.succeeded)
        #expect(second.revision == first.revision)
        let missing = TxnRequest(
            compare: [Compare(range: KeyRange(key: bytes("absent")), target: .version(0), result: .equal)],
            success: [.put(PutRequest(key: bytes("absent"), value: bytes("now")))]
        )
        #expect(try await store.txn(missing).succeeded)
    }

    @Test func txnRejectsDuplicateKeysAndTooManyOps() async throws {
        let store = try openStore()
        let duplicate = TxnRequest(success: [
            .put(PutRequest(key: bytes("a"), value: bytes("1"))),
            .put(PutRequest(key: bytes("a"), value: bytes("2"))),
        ])
        await #expect(throws: StoreError.duplicateKey) { try await store.txn(duplicate) }
        let overlapping = TxnRequest(success: [
            .deleteRange(DeleteRangeRequest(range: .prefix(bytes("a")))),
            .put(PutRequest(key: bytes("ab"), value: bytes("1"))),
        ])
        await #expect(throws: StoreError.duplicateKey) { try await store.txn(overlapping) }
        let exclusive = TxnRequest(success: [
            .txn(TxnRequest(success: [.put(PutRequest(key: bytes("a"), value: bytes("1")))],
                            failure: [.put(PutRequest(key: bytes("a"), value: bytes("2")))]))
        ])
        #expect(try await store.txn(exclusive).succeeded)
        let tooMany = TxnRequest(success: (0..<129).map { .range(RangeRequest(range: KeyRange(key: bytes("k\($0)")))) })
        await #expect(throws: StoreError.tooManyOperations) { try await store.txn(tooMany) }
    }

    @Test func compactionRemovesHistory() async throws {
        let store = try openStore()
        for value in 1...5 { _ = try await store.put(PutRequest(key: bytes("k"), value: bytes("\(value)"))) }
        _ = try await store.compact(revision: 4, physical: true)
        await #expect(throws: StoreError.compacted) {
            try await store.range(RangeRequest(range: KeyRange(key: bytes("k")), revision: 3))
        }
        let atCompaction = try await store.range(RangeRequest(range: KeyRange(key: bytes("k")), revision: 4))
        #expect(atCompaction.kvs.first?.value == bytes("3"))
        await #expect(throws: StoreError.compacted) { try await store.compact(revision: 4, physical: false) }
        await #expect(throws: StoreError.futureRevision) { try await store.compact(revision: 100, physical: false) }
    }

    @Test func leasesAttachAndRevokeKeys() async throws {
        let store = try openStore()
        let lease = try await store.leaseGrant(ttl: 60, id: 0)
        #expect(lease.ttl == 60)
        _ = try await store.put(PutRequest(key: bytes("session"), value: bytes("x"), lease: lease.id))
        let info = try await store.leaseTimeToLive(lease.id, keys: true)
        #expect(info.keys == [bytes("session")])
        #expect(info.grantedTTL == 60)
        await #expect(throws: StoreError.leaseNotFound) {
            try await store.put(PutRequest(key: bytes("other"), lease: 12345))
        }
        _ = try await store.leaseRevoke(lease.id)
        #expect(try await store.range(RangeRequest(range: KeyRange(key: bytes("session")))).kvs.isEmpty)
        #expect(try await store.leaseTimeToLive(lease.id, keys: false).ttl == -1)
        await #expect(throws: StoreError.leaseExists) {
            _ = try await store.leaseGrant(ttl: 10, id: 7)
            _ = try await store.leaseGrant(ttl: 10, id: 7)
        }
    }

    @Test func stateSurvivesRestart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lease: LeaseID
        do {
            let store = try openStore(directory.url)
            lease = try await store.leaseGrant(ttl: 100, id: 0).id
            _ = try await store.put(PutRequest(key: bytes("a"), value: bytes("1"), lease: lease))
            _ = try await store.put(PutRequest(key: bytes("a"), value: bytes("2"), lease: lease))
            _ = try await store.put(PutRequest(key: bytes("b"), value: bytes("3")))
            _ = try await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("b"))))
            await store.shutdown()
        }
        let reopened = try openStore(directory.url)
        let read = try await reopened.range(RangeRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0]))))
        #expect(read.revision == 5)
        #expect(read.kvs.map(\.value) == [bytes("2")])
        #expect(read.kvs.first?.version == 2)
        #expect(try await reopened.leases() == [lease])
        #expect(try await reopened.leaseTimeToLive(lease, keys: true).keys == [bytes("a")])
        let old = try await reopened.range(RangeRequest(range: KeyRange(key: bytes("b")), revision: 4))
        #expect(old.kvs.first?.value == bytes("3"))
        await reopened.shutdown()
    }

    @Test func snapshotThenRestartKeepsEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try openStore(directory.url)
            for index in 0..<2000 { _ = try await store.put(PutRequest(key: bytes("key/\(index)"), value: bytes("v\(index)"))) }
            _ = try await store.compact(revision: 1000, physical: true)
            try await store.defragment()
            _ = try await store.put(PutRequest(key: bytes("after"), value: bytes("snapshot")))
            await store.shutdown()
        }
        let reopened = try openStore(directory.url)
        let all = try await reopened.range(RangeRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])), countOnly: true))
        #expect(all.count == 2001)
        #expect(all.revision == 2002)
        await #expect(throws: StoreError.compacted) {
            try await reopened.range(RangeRequest(range: KeyRange(key: bytes("key/1")), revision: 999))
        }
        let walFiles = try FileManager.default.contentsOfDirectory(atPath: directory.path("wal").path)
        #expect(walFiles.count <= 2)
        await reopened.shutdown()
    }

    /// A snapshot larger than the encoder's 1 MiB chunks is streamed to its file and reloads.
    @Test func multiChunkSnapshotReloads() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try openStore(directory.url)
            for index in 0..<3000 {
                _ = try await store.put(PutRequest(key: bytes("big/\(index)"), value: Data(repeating: UInt8(index % 251), count: 1000)))
            }
            try await store.defragment()
            await store.shutdown()
        }
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: directory.path("snap").path)
        let sizes = try snapshots.map {
            try FileManager.default.attributesOfItem(atPath: directory.path("snap/\($0)").path)[.size] as? Int ?? 0
        }
        #expect(sizes.contains { $0 > 3_000_000 })
        let reopened = try openStore(directory.url)
        let all = try await reopened.range(RangeRequest(range: .prefix(bytes("big/")), countOnly: true))
        #expect(all.count == 3000)
        let sample = try await reopened.range(RangeRequest(range: KeyRange(key: bytes("big/2999"))))
        #expect(sample.kvs.first?.value == Data(repeating: UInt8(2999 % 251), count: 1000))
        await reopened.shutdown()
    }

    /// Alarms survive a restart, whether raised by the quota check or an operator, through the
    /// log and through a snapshot; disarming does too.
    @Test func alarmsSurviveRestarts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = BrainConfiguration(dataDirectory: directory.url)
        configuration.quotaBytes = 64 * 1024
        do {
            let store = try BrainStore(configuration: configuration, logger: Logger(label: "test"))
            var refused = false
            for index in 0..<200 where !refused {
                do {
                    _ = try await store.put(PutRequest(key: bytes("fill/\(index)"), value: Data(count: 1024)))
                } catch StoreError.noSpace {
                    refused = true
                }
            }
            #expect(refused)
            try await store.activate(.corrupt)
            await store.shutdown()
        }
        do {
            let store = try BrainStore(configuration: configuration, logger: Logger(label: "test"))
            #expect(store.alarms == [.noSpace, .corrupt])
            try await store.deactivate(.corrupt)
            try await store.defragment()
            await store.shutdown()
        }
        let store = try BrainStore(configuration: configuration, logger: Logger(label: "test"))
        #expect(store.alarms == [.noSpace])
        await store.shutdown()
    }

    /// A snapshot a crash cut short (still named `.tmp`) is removed at startup and never read.
    @Test func unfinishedSnapshotIsDiscarded() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try openStore(directory.url)
            _ = try await store.put(PutRequest(key: bytes("kept"), value: bytes("1")))
            await store.shutdown()
        }
        let leftover = directory.path("snap/00000000000000ff.snap.tmp")
        try Data("WHARFSN1 cut short".utf8).write(to: leftover)
        let reopened = try openStore(directory.url)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(try await reopened.range(RangeRequest(range: KeyRange(key: bytes("kept")))).kvs.first?.value == bytes("1"))
        await reopened.shutdown()
    }

    @Test func tornLogTailIsDropped() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try openStore(directory.url)
            _ = try await store.put(PutRequest(key: bytes("kept"), value: bytes("1")))
            await store.shutdown()
        }
        let segments = try FileManager.default.contentsOfDirectory(atPath: directory.path("wal").path).sorted()
        let segment = directory.path("wal").appendingPathComponent(segments.first!)
        let handle = try FileHandle(forWritingTo: segment)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0, 0, 0, 40, 1, 2, 3, 4, 0, 0]))
        try handle.close()
        let reopened = try openStore(directory.url)
        let read = try await reopened.range(RangeRequest(range: KeyRange(key: bytes("kept"))))
        #expect(read.kvs.first?.value == bytes("1"))
        _ = try await reopened.put(PutRequest(key: bytes("next"), value: bytes("2")))
        await reopened.shutdown()
        let again = try openStore(directory.url)
        #expect(try await again.range(RangeRequest(range: KeyRange(key: bytes("next")))).kvs.count == 1)
        await again.shutdown()
    }
}
