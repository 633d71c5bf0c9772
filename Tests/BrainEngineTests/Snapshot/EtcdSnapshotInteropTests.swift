import Foundation
import StoreCore
import Testing
import WharfTestSupport

@testable import BrainEngine

/// Snapshots exchanged with a real etcd 3.4 (Debian's `etcd-server` and `etcd-client` packages).
@Suite(.serialized)
struct EtcdSnapshotInteropTests {
    /// `etcdctl snapshot status -w json`.
    private struct Status: Decodable {
        var hash: UInt32
        var revision: Int64
        var totalKey: Int
        var totalSize: Int
    }

    /// `etcdctl get -w json`.
    private struct Range: Decodable {
        struct Header: Decodable { var revision: Int64 }
        struct Pair: Decodable {
            var key: String
            var value: String?
            var create_revision: Int64
            var mod_revision: Int64
            var version: Int64
            var lease: Int64?
        }
        var header: Header
        var kvs: [Pair]?
    }

    /// `etcdctl lease list -w json`.
    private struct Leases: Decodable {
        struct Lease: Decodable { var id: Int64 }
        var leases: [Lease]?
    }

    /// `etcdctl lease timetolive --keys -w json`.
    private struct TimeToLive: Decodable {
        var id: Int64
        var ttl: Int64
        var grantedTTL: Int64
        var keys: [String]?

        enum CodingKeys: String, CodingKey {
            case id, ttl, keys
            case grantedTTL = "granted-ttl"
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ output: CommandResult) throws -> T {
        try #require(output.status == 0, "\(output.stderr)")
        return try JSONDecoder().decode(type, from: Data(output.stdout.utf8))
    }

    private static func status(of file: URL) throws -> Status {
        try decode(Status.self, try Etcdctl.offline(["snapshot", "status", file.path, "-w", "json"]))
    }

    /// Runs `body` with an etcd started by the test, and stops it whether `body` throws or not.
    private static func withEtcd<Result>(
        in directory: TemporaryDirectory, name: String, dataDirectory: URL? = nil, peerPort: Int? = nil,
        _ body: (EtcdProcess) async throws -> Result
    ) async throws -> Result {
        let etcd = try await EtcdProcess.start(
            in: directory.url, name: name, dataDirectory: dataDirectory, peerPort: peerPort)
        do {
            let result = try await body(etcd)
            await etcd.stop()
            return result
        } catch {
            await etcd.stop()
            throw error
        }
    }

    @Test func etcdRestoresAndServesASnapshotWharfWrote() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-snapshot")
        defer { directory.remove() }
        // 5,000 keys fill over a hundred leaf pages: the key bucket gets two branch levels.
        let snapshot = EtcdSnapshotSamples.history(bulkKeys: 5_000)
        let file = directory.path("brain.db")
        try snapshot.write(to: file)
        let census = try BoltPageCensus(file: Array(try Data(contentsOf: file).dropLast(32)))
        #expect(census.branchPages >= 3)
        #expect(census.overflowPages >= 2)

        // Every entry of every bucket counts: the history, three meta keys, two leases, two auth keys.
        let status = try Self.status(of: file)
        #expect(status.revision == snapshot.revision)
        #expect(status.totalKey == snapshot.records.count + 3 + 2 + 2)
        #expect(status.totalSize == (try Data(contentsOf: file)).count - 32)

        let peerPort = try FreePort.next()
        let peerURL = "http://127.0.0.1:\(peerPort)"
        let restored = directory.path("restored")
        let restore = try Etcdctl.offline([
            "snapshot", "restore", file.path,
            "--data-dir", restored.path,
            "--name", "brain",
            "--initial-cluster", "brain=\(peerURL)",
            "--initial-advertise-peer-urls", peerURL,
        ])
        try #require(restore.status == 0, "\(restore.stderr)")

        try await Self.withEtcd(in: directory, name: "brain", dataDirectory: restored, peerPort: peerPort) { etcd in

        let range = try Self.decode(Range.self, try etcd.etcdctl.run(["get", "--prefix", "", "-w", "json"]))
        #expect(range.header.revision == snapshot.revision)
        let served = (range.kvs ?? []).map { pair in
            KeyValue(
                key: Data(base64Encoded: pair.key) ?? Data(),
                createRevision: pair.create_revision,
                modRevision: pair.mod_revision,
                version: pair.version,
                value: pair.value.flatMap { Data(base64Encoded: $0) } ?? Data(),
                lease: pair.lease ?? 0
            )
        }
        let expected = EtcdSnapshotSamples.liveKeys(snapshot)
        #expect(expected.count == 5_004)
        #expect(served.count == expected.count)
        #expect(served == expected)

        let leases = try Self.decode(Leases.self, try etcd.etcdctl.run(["lease", "list", "-w", "json"]))
        #expect(Set((leases.leases ?? []).map(\.id)) == Set(snapshot.leases.map(\.id)))
        let attached = try Self.decode(
            TimeToLive.self,
            try etcd.etcdctl.run([
                "lease", "timetolive", String(EtcdSnapshotSamples.firstLease, radix: 16), "--keys", "-w", "json",
            ])
        )
        #expect(attached.grantedTTL == 3600)
        #expect(attached.ttl > 3000)
        #expect(attached.keys == [Data("delta".utf8).base64EncodedString()])

        // Revision 2 lies below the compaction at 3.
        let compacted = try etcd.etcdctl.run(["get", "alpha", "--rev=2"])
        #expect(compacted.status != 0)
        #expect(compacted.stderr.contains("required revision has been compacted"))
        // Revision 4 is still there: alpha's second version.
        let old = try Self.decode(Range.self, try etcd.etcdctl.run(["get", "alpha", "--rev=4", "-w", "json"]))
        #expect(old.kvs?.first?.value == Data("one".utf8).base64EncodedString())

        // The restored store keeps counting from the snapshot's revision.
        let put = try etcd.etcdctl.run(["put", "after", "restore"])
        #expect(put.status == 0)
        let after = try Self.decode(Range.self, try etcd.etcdctl.run(["get", "after", "-w", "json"]))
        #expect(after.kvs?.first?.mod_revision == snapshot.revision + 1)
        }
    }

    @Test func wharfReadsASnapshotEtcdSaved() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-snapshot")
        defer { directory.remove() }
        let (file, leaseID, large) = try await Self.withEtcd(in: directory, name: "source") { etcd in
            func run(_ arguments: [String], input: String? = nil) throws -> String {
                let output = try etcd.etcdctl.run(arguments, input: input)
                try #require(output.status == 0, "etcdctl \(arguments): \(output.stderr)")
                return output.stdout
            }
            _ = try run(["put", "a", "1"])  // revision 2
            _ = try run(["put", "b", "2"])  // 3
            _ = try run(["put", "a", "11"])  // 4
            _ = try run(["del", "b"])  // 5
            _ = try run(["compact", "5", "--physical"])  // drops a@2, b@3 and b's tombstone
            let grant = try run(["lease", "grant", "900"])
            let leaseHex = try #require(grant.split(separator: " ").dropFirst().first.map(String.init))
            let leaseID = try #require(LeaseID(leaseHex, radix: 16))
            _ = try run(["put", "c", "3", "--lease=\(leaseHex)"])  // 6
            _ = try run(["del", "a"])  // 7: a tombstone that survives
            let bulk = (0..<100).map { "put bulk/\(String($0 + 100)) value-\($0)-\(String(repeating: "x", count: 200))" }
            _ = try run(["txn"], input: "\n" + bulk.joined(separator: "\n") + "\n\n\n")  // 8, sub 0...99
            let large = String(repeating: "z", count: 6000)
            _ = try run(["put", "large", large])  // 9
            let file = directory.path("etcd.db")
            _ = try run(["snapshot", "save", file.path])
            return (file, leaseID, large)
        }

        let snapshot = try EtcdSnapshot(contentsOf: file)
        #expect(snapshot.compactRevision == 5)
        #expect(snapshot.scheduledCompactRevision == 5)
        #expect(snapshot.consistentIndex > 0)
        #expect(snapshot.revision == 9)
        #expect(!snapshot.isAuthEnabled)
        #expect(snapshot.authRevision == 1)
        #expect(snapshot.leases == [EtcdSnapshotLease(id: leaseID, ttl: 900)])

        let summary = snapshot.records.map { record in
            let key = String(decoding: record.keyValue.key, as: UTF8.self)
            return "\(record.revision).\(record.subRevision)\(record.isTombstone ? "t" : "") \(key)"
        }
        let expectedSummary =
            ["4.0 a", "6.0 c", "7.0t a"] + (0..<100).map { "8.\($0) bulk/\($0 + 100)" } + ["9.0 large"]
        #expect(summary == expectedSummary)

        let data = EtcdSnapshotSamples.data
        #expect(
            snapshot.records[0].keyValue
                == KeyValue(key: data("a"), createRevision: 2, modRevision: 4, version: 2, value: data("11"))
        )
        #expect(
            snapshot.records[1].keyValue
                == KeyValue(
                    key: data("c"),
                    createRevision: 6,
                    modRevision: 6,
                    version: 1,
                    value: data("3"),
                    lease: leaseID
                )
        )
        #expect(snapshot.records[2].keyValue == KeyValue(key: data("a")))
        #expect(snapshot.records[3].keyValue.value == data("value-0-" + String(repeating: "x", count: 200)))
        #expect(snapshot.records[3].keyValue.createRevision == 8)
        #expect(snapshot.records.last?.keyValue.value == data(large))

        // What Wharf writes back describes the same history to etcdctl.
        let original = try Self.status(of: file)
        let rewrittenFile = directory.path("rewritten.db")
        try snapshot.write(to: rewrittenFile)
        let rewritten = try Self.status(of: rewrittenFile)
        #expect(rewritten.revision == original.revision)
        #expect(try EtcdSnapshot(contentsOf: rewrittenFile) == snapshot)
    }
}
