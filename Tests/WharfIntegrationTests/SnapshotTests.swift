import Foundation
import Testing
import WharfTestSupport

/// Moving between etcd and brain with etcd's own snapshot files.
@Suite(.serialized) struct SnapshotTests {
    @Test func etcdSnapshotStartsBrainAndBrainSnapshotRestoresIntoEtcd() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-snapshot")
        defer { directory.remove() }

        // 1. A real etcd with history, saved with etcdctl.
        let etcd = try await EtcdProcess.start(in: directory.url)
        let fromEtcd = Etcdctl(endpoint: etcd.endpoint)
        for index in 1...20 { _ = try fromEtcd.run("put", "app/\(index)", "value-\(index)") }
        _ = try fromEtcd.run("del", "app/20")
        let etcdFile = directory.path("from-etcd.db").path
        #expect(try fromEtcd.run("snapshot", "save", etcdFile).status == 0)
        let etcdRevision = try fromEtcd.run("get", "app/1", "-w", "json").stdout
        await etcd.stop()

        // 2. brain starts from it and serves the same keys at the same revision.
        let brain = try await BrainProcess.start(
            dataDirectory: directory.path("brain"), extraArguments: ["--initial-snapshot", etcdFile])
        let onBrain = Etcdctl(endpoint: brain.endpoint)
        #expect(try onBrain.run("get", "app/7", "--print-value-only").stdout == "value-7\n")
        #expect(try onBrain.run("get", "app/20").stdout == "")
        #expect(try onBrain.run("get", "app/1", "-w", "json").stdout.contains("\"revision\":22"))
        #expect(etcdRevision.contains("\"revision\":22"))
        _ = try onBrain.run("put", "app/new", "from-brain")

        // 3. brain's snapshot restores into etcd: the way back.
        let brainFile = directory.path("from-brain.db").path
        #expect(try onBrain.run("snapshot", "save", brainFile).status == 0)
        await brain.stop()
        let status = try Etcdctl.offline(["snapshot", "status", brainFile, "-w", "json"])
        #expect(status.stdout.contains("\"revision\":23"))
        let back = try await Self.restoreIntoEtcd(brainFile, in: directory)
        #expect(try back.etcdctl.run(["get", "app/new", "--print-value-only"]).stdout == "from-brain\n")
        #expect(try back.etcdctl.run(["get", "app/3", "--print-value-only"]).stdout == "value-3\n")
        await back.stop()
    }

    /// `etcdctl snapshot save` from brain on PostgreSQL writes a file etcd restores from, with
    /// the same keys and revision.
    @Test func postgresBackendSnapshotRestoresIntoEtcd() async throws {
        try await PostgresCluster.run(nodes: 1) { cluster in
            let onBrain = Etcdctl(endpoint: cluster.nodes[0].endpoint)
            for index in 1...20 { _ = try onBrain.run("put", "app/\(index)", "value-\(index)") }
            _ = try onBrain.run("del", "app/20")
            let file = cluster.directory.path("from-postgres.db").path
            let save = try onBrain.run("snapshot", "save", file)
            #expect(save.status == 0, "\(save.stderr)")
            let status = try Etcdctl.offline(["snapshot", "status", file, "-w", "json"])
            #expect(status.stdout.contains("\"revision\":22"), "\(status.stdout)")
            let back = try await Self.restoreIntoEtcd(file, in: cluster.directory)
            #expect(try back.etcdctl.run(["get", "app/3", "--print-value-only"]).stdout == "value-3\n")
            #expect(try back.etcdctl.run(["get", "app/20"]).stdout == "")
            let keys = try back.etcdctl.run(["get", "app/", "--prefix", "--keys-only"]).stdout
            #expect(keys.split(separator: "\n").count == 19, "\(keys)")
            await back.stop()
        }
    }

    /// Restores an etcd snapshot file with `etcdctl snapshot restore` and starts etcd on it.
    private static func restoreIntoEtcd(_ file: String, in directory: TemporaryDirectory) async throws -> EtcdProcess {
        let peerPort = try FreePort.next()
        let restored = directory.path("restored")
        let restore = try Etcdctl.offline([
            "snapshot", "restore", file, "--data-dir", restored.path, "--name", "back",
            "--initial-cluster", "back=http://127.0.0.1:\(peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
        ])
        #expect(restore.status == 0, "\(restore.stderr)")
        return try await EtcdProcess.start(in: directory.url, name: "back", dataDirectory: restored, peerPort: peerPort)
    }
}
