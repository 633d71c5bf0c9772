import Crypto
import Foundation
import StoreCore
import Testing
import WharfTestSupport

@testable import BrainEngine

/// Builds the snapshots the snapshot tests share.
enum EtcdSnapshotSamples {
    static func data(_ string: String) -> Data { Data(string.utf8) }

    static let firstLease: LeaseID = 0x1234_5678_9ABC
    static let secondLease: LeaseID = 0x7000_0000_0000_0001

    /// A history with updates, a deletion, a two-write transaction, a value larger than a page,
    /// `bulkKeys` keys of their own revision (enough for several leaf pages and a branch), two leases
    /// and a compaction at revision 3.
    static func history(bulkKeys: Int = 400) -> EtcdSnapshot {
        var records = [
            EtcdSnapshotRecord(
                revision: 2,
                keyValue: KeyValue(key: data("alpha"), createRevision: 2, modRevision: 2, version: 1, value: data("1"))
            ),
            EtcdSnapshotRecord(
                revision: 3,
                keyValue: KeyValue(key: data("beta"), createRevision: 3, modRevision: 3, version: 1, value: data("2"))
            ),
            EtcdSnapshotRecord(
                revision: 4,
                keyValue: KeyValue(
                    key: data("alpha"),
                    createRevision: 2,
                    modRevision: 4,
                    version: 2,
                    value: data("one")
                )
            ),
            EtcdSnapshotRecord(revision: 5, isTombstone: true, keyValue: KeyValue(key: data("beta"))),
            EtcdSnapshotRecord(
                revision: 6,
                subRevision: 0,
                keyValue: KeyValue(key: data("gamma"), createRevision: 6, modRevision: 6, version: 1, value: data("3"))
            ),
            EtcdSnapshotRecord(
                revision: 6,
                subRevision: 1,
                keyValue: KeyValue(
                    key: data("delta"),
                    createRevision: 6,
                    modRevision: 6,
                    version: 1,
                    value: data("4"),
                    lease: firstLease
                )
            ),
            EtcdSnapshotRecord(
                revision: 7,
                keyValue: KeyValue(
                    key: data("large"),
                    createRevision: 7,
                    modRevision: 7,
                    version: 1,
                    value: Data(repeating: 0x6C, count: 10_000)
                )
            ),
        ]
        for index in 0..<bulkKeys {
            let revision = Revision(8 + index)
            let key = data("/registry/pods/default/pod-\(String(index + 10_000))")
            let value = data(String(repeating: "v\(index)-", count: 20))
            records.append(
                EtcdSnapshotRecord(
                    revision: revision,
                    keyValue: KeyValue(
                        key: key,
                        createRevision: revision,
                        modRevision: revision,
                        version: 1,
                        value: value
                    )
                )
            )
        }
        return EtcdSnapshot(
            records: records,
            leases: [
                EtcdSnapshotLease(id: firstLease, ttl: 3600),
                EtcdSnapshotLease(id: secondLease, ttl: 7200, remainingTTL: 100),
            ],
            compactRevision: 3,
            consistentIndex: 42,
            isAuthEnabled: false,
            authRevision: 1
        )
    }

    /// The live keys at the end of a history: the last record of each key unless it is a tombstone.
    static func liveKeys(_ snapshot: EtcdSnapshot) -> [KeyValue] {
        var live: [Data: KeyValue] = [:]
        for record in snapshot.records {
            live[record.keyValue.key] = record.isTombstone ? nil : record.keyValue
        }
        return live.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}

@Suite struct EtcdSnapshotTests {
    @Test func roundTripsEverything() throws {
        var snapshot = EtcdSnapshotSamples.history()
        snapshot.isAuthEnabled = true
        snapshot.authRevision = 9
        snapshot.authUsers = [Data("root".utf8): Data([0x0A, 0x04, 0x72, 0x6F, 0x6F, 0x74])]
        snapshot.authRoles = [
            Data("root".utf8): Data([0x0A, 0x04, 0x72, 0x6F, 0x6F, 0x74]), Data("reader".utf8): Data([1]),
        ]
        snapshot.scheduledCompactRevision = 5

        let file = snapshot.encoded()
        #expect(EtcdSnapshot.hasHashTrailer(size: file.count))
        #expect(file.suffix(32) == Data(SHA256.hash(data: file.dropLast(32))))
        let read = try EtcdSnapshot(reading: file)
        #expect(read == snapshot)
        #expect(read.revision == Revision(8 + 400 - 1))
    }

    @Test func writesEtcdsBuckets() throws {
        let file = [UInt8](EtcdSnapshotSamples.history(bulkKeys: 10).encoded().dropLast(32))
        let root = try file.withUnsafeBytes { try BoltFileReader.readRootBucket(from: $0) }
        let names = root.entries.map { String(decoding: $0.key, as: UTF8.self) }
        #expect(
            names == [
                "alarm", "auth", "authRoles", "authUsers", "cluster", "key", "lease", "members", "members_removed",
                "meta",
            ]
        )
        let meta = try #require(root.bucket(named: "meta"))
        #expect(meta.value(forKey: "consistent_index") == [0, 0, 0, 0, 0, 0, 0, 42])
        #expect(meta.value(forKey: "finishedCompactRev") == EtcdSnapshotRecord.revisionBytes(main: 3, sub: 0))
        #expect(meta.value(forKey: "scheduledCompactRev") == EtcdSnapshotRecord.revisionBytes(main: 3, sub: 0))
        let keys = try #require(root.bucket(named: "key"))
        #expect(keys.entries[3].key == EtcdSnapshotRecord.revisionBytes(main: 5, sub: 0) + [UInt8(ascii: "t")])
        #expect(keys.entries[5].key == [0, 0, 0, 0, 0, 0, 0, 6, UInt8(ascii: "_"), 0, 0, 0, 0, 0, 0, 0, 1])
        let leases = try #require(root.bucket(named: "lease"))
        #expect(leases.entries.first?.key == [0, 0, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC])
    }

    @Test func ordersRecordsByRevision() throws {
        let kv = KeyValue(key: Data("k".utf8))
        let snapshot = EtcdSnapshot(records: [
            EtcdSnapshotRecord(revision: 300, keyValue: kv),
            EtcdSnapshotRecord(revision: 2, subRevision: 1, keyValue: kv),
            EtcdSnapshotRecord(revision: 2, subRevision: 0, keyValue: kv),
        ])
        let read = try EtcdSnapshot(reading: snapshot.encoded())
        #expect(read.records.map { [$0.revision, $0.subRevision] } == [[2, 0], [2, 1], [300, 0]])
    }

    @Test func streamsTheSameBytesAsEncoded() throws {
        let snapshot = EtcdSnapshotSamples.history()
        var pieces: [Data] = []
        snapshot.encode(chunkSize: 16_384) { pieces.append($0) }
        #expect(pieces.count > 3)
        #expect(pieces.last?.count == 32)
        #expect(pieces.reduce(Data(), +) == snapshot.encoded())
    }

    @Test func writesAndReadsFiles() throws {
        let directory = try TemporaryDirectory(prefix: "wharf-snapshot")
        defer { directory.remove() }
        let snapshot = EtcdSnapshotSamples.history(bulkKeys: 50)
        let url = directory.path("snapshot.db")
        try snapshot.write(to: url)
        #expect(try Data(contentsOf: url) == snapshot.encoded())
        #expect(try EtcdSnapshot(contentsOf: url) == snapshot)
    }

    @Test func verifiesTheHashTrailer() throws {
        let snapshot = EtcdSnapshotSamples.history(bulkKeys: 10)
        var file = snapshot.encoded()
        file[file.count - 1] ^= 1
        #expect(throws: EtcdSnapshotError.hashMismatch) { try EtcdSnapshot(reading: file) }
        #expect(try EtcdSnapshot(reading: file, verifyingHash: false) == snapshot)
        // A bare database, as etcd keeps it in member/snap/db, has no trailer to check.
        #expect(try EtcdSnapshot(reading: file.dropLast(32)) == snapshot)
    }

    @Test func reportsDamage() throws {
        let file = EtcdSnapshotSamples.history(bulkKeys: 10).encoded()
        var damaged = file.dropLast(32)
        damaged[damaged.startIndex + 16] ^= 0xFF
        damaged[damaged.startIndex + 4096 + 16] ^= 0xFF
        #expect(throws: EtcdSnapshotError.invalidDatabase(.invalidMeta(reason: "bad magic number"))) {
            try EtcdSnapshot(reading: damaged)
        }

        let noKeyBucket = BoltFileWriter().encoded(
            BoltBucket(entries: [.bucket(key: Array("meta".utf8), bucket: BoltBucket())])
        )
        #expect(throws: EtcdSnapshotError.missingBucket("key")) { try EtcdSnapshot(reading: Data(noKeyBucket)) }

        let badKey = BoltBucket(entries: [
            .bucket(key: Array("key".utf8), bucket: BoltBucket(entries: [.value(key: [1, 2, 3], value: [])])),
            .bucket(key: Array("meta".utf8), bucket: BoltBucket()),
        ])
        #expect(throws: EtcdSnapshotError.malformedRevisionKey(Data([1, 2, 3]))) {
            try EtcdSnapshot(reading: Data(BoltFileWriter().encoded(badKey)))
        }

        let revisionKey = EtcdSnapshotRecord.revisionBytes(main: 2, sub: 0)
        let badValue = BoltBucket(entries: [
            .bucket(
                key: Array("key".utf8),
                bucket: BoltBucket(entries: [.value(key: revisionKey, value: [0x0A, 0x09])])
            ),
            .bucket(
                key: Array("meta".utf8),
                bucket: BoltBucket(entries: [.value(key: Array("consistent_index".utf8), value: [1])])
            ),
        ])
        #expect(throws: EtcdSnapshotError.malformedRecord(bucket: "key", key: Data(revisionKey), .truncated)) {
            try EtcdSnapshot(reading: Data(BoltFileWriter().encoded(badValue)))
        }
    }

    @Test func emptySnapshotIsValid() throws {
        let snapshot = EtcdSnapshot()
        let read = try EtcdSnapshot(reading: snapshot.encoded())
        #expect(read == snapshot)
        #expect(read.revision == 0)
    }
}
