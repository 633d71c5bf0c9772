import EtcdClient
import Foundation
import StoreCore
import Testing
import WharfTestSupport

/// `wharf brain migrate` between Debian's etcd 3.4 and `wharf brain`, both ways, run as the
/// built binary.
@Suite(.serialized)
struct BrainMigrateTests {
    private static let everything = KeyRange(key: Data([0]), rangeEnd: Data([0]))

    @Test func etcdToBrainAndBack() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-migrate")
        defer { directory.remove() }
        let etcd = try await EtcdProcess.start(in: directory.url)
        let brain = try? await BrainProcess.start(dataDirectory: directory.path("brain"))
        let fresh = try? await EtcdProcess.start(in: directory.url, name: "fresh")
        do {
            try await migrate(
                etcd: etcd, brain: try #require(brain), fresh: try #require(fresh))
        } catch {
            await etcd.stop()
            await brain?.stop()
            await fresh?.stop()
            throw error
        }
        await etcd.stop()
        #expect(await brain?.stop() == 0)
        await fresh?.stop()
    }

    private func migrate(etcd: EtcdProcess, brain: BrainProcess, fresh: EtcdProcess) async throws {
        try await EtcdClient.withConnection(host: "127.0.0.1", port: etcd.clientPort) { source in
            try await EtcdClient.withConnection(host: "127.0.0.1", port: brain.clientPort) { target in
                try await EtcdClient.withConnection(host: "127.0.0.1", port: fresh.clientPort) { back in
                    try await migrate(
                        etcd: etcd, brain: brain, fresh: fresh, source: source, target: target, back: back)
                }
            }
        }
    }

    private func migrate(
        etcd: EtcdProcess, brain: BrainProcess, fresh: EtcdProcess, source: EtcdClient, target: EtcdClient,
        back: EtcdClient
    ) async throws {
        let leases = try await load(source)
        let keys = try await source.range(RangeRequest(range: Self.everything, countOnly: true)).count

        // etcd → brain: every key, value and lease, progress on stderr and a summary on stdout.
        let first = try await runMigrate("--from", etcd.endpoint, "--to", brain.endpoint)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("keys \(keys)/\(keys) (100%)"))
        #expect(first.stdout.hasPrefix("copied \(keys) of \(keys) keys at revision "))
        #expect(first.stdout.contains("leases: \(leases.count) granted, 0 already there, 0 expired"))
        try await expectSameContents(source, target, leases: leases)

        // Again: nothing is written, so no key's mod revision and not the store revision move.
        let before = try await target.range(RangeRequest(range: Self.everything))
        let second = try await runMigrate("--from", etcd.endpoint, "--to", brain.endpoint)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("copied 0 of \(keys) keys"))
        #expect(second.stdout.contains("(\(keys) unchanged, 0 skipped"))
        #expect(second.stdout.contains("leases: 0 granted, \(leases.count) already there"))
        let after = try await target.range(RangeRequest(range: Self.everything))
        #expect(after.revision == before.revision)
        #expect(after.kvs == before.kvs)

        // A changed value is copied again, and only it.
        _ = try await source.put(PutRequest(key: Data("plain/0001".utf8), value: Data("changed".utf8)))
        let third = try await runMigrate("--from", etcd.endpoint, "--to", brain.endpoint)
        #expect(third.stdout.hasPrefix("copied 1 of \(keys) keys"))
        #expect(try await target.range(RangeRequest(range: Self.everything)).revision == before.revision + 1)

        // A dry run with a prefix counts without writing.
        let dry = try await runMigrate("--from", brain.endpoint, "--to", fresh.endpoint, "--prefix", "leased/", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("dry run: would copy 4 of 4 keys"))
        #expect(dry.stdout.contains("leases: 2 to grant"))
        #expect(try await back.range(RangeRequest(range: Self.everything, countOnly: true)).count == 0)
        #expect(try await back.leases().isEmpty)

        // brain → a fresh etcd: the way out.
        let out = try await runMigrate("--from", brain.endpoint, "--to", fresh.endpoint)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("copied \(keys) of \(keys) keys"))
        try await expectSameContents(target, back, leases: leases)
    }

    /// Into brain on PostgreSQL through one node, read back through another.
    @Test func etcdIntoBrainOnPostgres() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-migrate-pg")
        defer { directory.remove() }
        let postgres = try await PostgresProcess.start()
        let etcd = try? await EtcdProcess.start(in: directory.url)
        var nodes: [BrainProcess] = []
        do {
            let etcd = try #require(etcd)
            for index in 1...2 {
                nodes.append(
                    try await BrainProcess.start(
                        dataDirectory: directory.path("node-\(index)"), extraArguments: ["--backend", postgres.url]))
            }
            try await EtcdClient.withConnection(host: "127.0.0.1", port: etcd.clientPort) { source in
                try await EtcdClient.withConnection(host: "127.0.0.1", port: nodes[0].clientPort) { reader in
                    let leases = try await load(source)
                    let keys = try await source.range(RangeRequest(range: Self.everything, countOnly: true)).count
                    let first = try await runMigrate("--from", etcd.endpoint, "--to", nodes[1].endpoint)
                    #expect(first.status == 0, "\(first.stderr)")
                    #expect(first.stdout.hasPrefix("copied \(keys) of \(keys) keys"))
                    try await expectSameContents(source, reader, leases: leases)
                    let before = try await reader.range(RangeRequest(range: Self.everything))
                    let second = try await runMigrate("--from", etcd.endpoint, "--to", nodes[0].endpoint)
                    #expect(second.stdout.hasPrefix("copied 0 of \(keys) keys"), "\(second.stdout)\(second.stderr)")
                    #expect(try await reader.range(RangeRequest(range: Self.everything)) == before)
                }
            }
        } catch {
            for node in nodes { await node.stop() }
            await etcd?.stop()
            await postgres.stop()
            throw error
        }
        for node in nodes { #expect(await node.stop() == 0) }
        await etcd?.stop()
        await postgres.stop()
    }

    @Test func reportsUnreachableEndpointsAndBadFlags() async throws {
        let port = try FreePort.next()
        let unreachable = try await runMigrate("--from", "http://127.0.0.1:\(port)", "--to", "http://127.0.0.1:1")
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("cannot reach http://127.0.0.1:\(port)"))
        let same = try await runMigrate("--from", "http://127.0.0.1:2379", "--to", "http://127.0.0.1:2379/")
        #expect(same.status != 0)
        #expect(same.stderr.contains("--from and --to name the same endpoint"))
        let scheme = try await runMigrate("--from", "127.0.0.1:2379", "--to", "http://127.0.0.1:2380")
        #expect(scheme.status != 0)
        #expect(scheme.stderr.contains("--from:"))
    }

    @Test func copiesIntoAnHTTPSEndpointWithAClientCertificate() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-migrate-tls")
        defer { directory.remove() }
        try TLSBrain.makeCertificates(in: directory)
        let file = { (name: String) in directory.path(name).path }
        let source = try await BrainProcess.start(dataDirectory: directory.path("plain"))
        let secure = try? await TLSBrain.start(in: directory)
        do {
            let (_, port) = try #require(secure)
            for (key, value) in [("tls/a", "1"), ("tls/b", "2")] {
                _ = try await CommandResult.runDetached(
                    "/usr/bin/etcdctl", ["--endpoints=\(source.endpoint)", "put", key, value], environment: ["ETCDCTL_API": "3"])
            }
            let target = "https://127.0.0.1:\(port)"
            let refused = try await runMigrate("--from", source.endpoint, "--to", target, "--cacert", file("ca.crt"))
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("cannot reach \(target)"))
            #expect(refused.stderr.contains("(check --cacert, --cert and --key)"))
            let copied = try await runMigrate(
                "--from", source.endpoint, "--to", target, "--cacert", file("ca.crt"), "--cert", file("client.crt"),
                "--key", file("client.key"))
            #expect(copied.status == 0, "\(copied.stderr)")
            #expect(copied.stdout.hasPrefix("copied 2 of 2 keys"))
            let read = try await CommandResult.runDetached(
                "/usr/bin/etcdctl",
                ["--endpoints=\(target)", "--cacert", file("ca.crt"), "--cert", file("client.crt"), "--key", file("client.key"),
                 "get", "--prefix", "tls/", "--print-value-only"],
                environment: ["ETCDCTL_API": "3"])
            #expect(read.stdout == "1\n2\n")
        } catch {
            await source.stop()
            await secure?.0.stop()
            throw error
        }
        #expect(await source.stop() == 0)
        #expect(await secure?.0.stop() == 0)
    }

    /// Loads plain keys (more than a page), large values (more than a transaction's bytes),
    /// binary keys and values, leased keys and a lease without keys; returns the leases.
    private func load(_ etcd: EtcdClient) async throws -> [LeaseID] {
        for batch in stride(from: 0, to: 1200, by: 100) {
            let puts = (batch..<batch + 100).map { index in
                RequestOp.put(
                    PutRequest(key: Data(String(format: "plain/%04d", index).utf8), value: Data("value \(index)".utf8)))
            }
            _ = try await etcd.txn(TxnRequest(success: puts))
        }
        for index in 0..<5 {
            let value = Data((0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
            _ = try await etcd.put(PutRequest(key: Data("large/\(index)".utf8), value: value))
        }
        for key in [Data([0x00]), Data([0xff, 0xfe, 0x00, 0x01]), Data([0x80] + Array("binary".utf8))] {
            _ = try await etcd.put(PutRequest(key: key, value: Data([0x00, 0xff, 0x7f]) + key))
        }
        var leases: [LeaseID] = []
        for (id, ttl) in [(LeaseID(0x1234_5678), Int64(300)), (LeaseID(0x7fff_0000_0000_0001), Int64(900))] {
            leases.append(try await etcd.leaseGrant(ttl: ttl, id: id).id)
            for index in 0..<2 {
                _ = try await etcd.put(
                    PutRequest(key: Data("leased/\(id)/\(index)".utf8), value: Data("\(index)".utf8), lease: id))
            }
        }
        leases.append(try await etcd.leaseGrant(ttl: 600, id: 0).id)
        return leases.sorted()
    }

    /// Every key of `source` is in `target` with its value and lease, and every lease has about
    /// the time left it has on the source.
    private func expectSameContents(_ source: EtcdClient, _ target: EtcdClient, leases: [LeaseID]) async throws {
        let expected = try await source.range(RangeRequest(range: Self.everything)).kvs
        let actual = try await target.range(RangeRequest(range: Self.everything)).kvs
        #expect(actual.map(\.key) == expected.map(\.key))
        #expect(actual.map(\.value) == expected.map(\.value))
        #expect(actual.map(\.lease) == expected.map(\.lease))
        #expect(try await target.leases() == leases)
        for id in leases {
            let left = try await source.leaseTimeToLive(id, keys: false).ttl
            let copied = try await target.leaseTimeToLive(id, keys: false).ttl
            #expect(abs(left - copied) <= 5, "lease \(id): \(left) s left on the source, \(copied) s on the target")
        }
    }

    private func runMigrate(_ arguments: String...) async throws -> CommandResult {
        try await CommandResult.runDetached(WharfBinary.url.path, ["brain", "migrate"] + arguments)
    }
}
