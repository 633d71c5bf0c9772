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
        let peerPort = try FreePort.next()
        let restored = directory.path("restored")
        let restore = try Etcdctl.offline([
            "snapshot", "restore", brainFile, "--data-dir", restored.path, "--name", "back",
            "--initial-cluster", "back=http://127.0.0.1:\(peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
        ])
        #expect(restore.status == 0, "\(restore.stderr)")
        let back = try await EtcdProcess.start(in: directory.url, name: "back", dataDirectory: restored, peerPort: peerPort)
        #expect(try back.etcdctl.run(["get", "app/new", "--print-value-only"]).stdout == "from-brain\n")
        #expect(try back.etcdctl.run(["get", "app/3", "--print-value-only"]).stdout == "value-3\n")
        await back.stop()
    }
}
