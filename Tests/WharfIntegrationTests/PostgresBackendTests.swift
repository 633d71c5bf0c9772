import Foundation
import Testing
import WharfTestSupport

/// `wharf brain --backend postgres://…` on a PostgreSQL started by the test, driven by Debian's
/// etcdctl as an operator would.
@Suite(.serialized)
struct PostgresBackendTests {
    @Test func etcdctlAgainstBrainOnPostgres() async throws {
        let postgres = try await PostgresProcess.start()
        let directory = try TemporaryDirectory(prefix: "wharf-brain-pg")
        defer { directory.remove() }
        do {
            let brain = try await BrainProcess.start(
                dataDirectory: directory.path("node-1"), extraArguments: ["--backend", postgres.url])
            do {
                try await drive(brain, postgres: postgres, directory: directory)
            } catch {
                await brain.stop()
                throw error
            }
            #expect(await brain.stop() == 0)
        } catch {
            await postgres.stop()
            throw error
        }
        await postgres.stop()
    }

    private func drive(_ brain: BrainProcess, postgres: PostgresProcess, directory: TemporaryDirectory) async throws {
        let etcdctl = Etcdctl(endpoint: brain.endpoint)
        #expect(try etcdctl.run("put", "foo", "bar").stdout == "OK\n")
        #expect(try etcdctl.run("get", "foo").stdout == "foo\nbar\n")
        for index in 1...3 { _ = try etcdctl.run("put", "dir/\(index)", "v\(index)") }
        #expect(try etcdctl.run("get", "--prefix", "dir/", "--limit=2", "--print-value-only").stdout == "v1\nv2\n")
        let json = try etcdctl.run("get", "foo", "-w", "json").stdout
        #expect(json.contains("\"revision\":5"))
        #expect(json.contains("\"create_revision\":2,\"mod_revision\":2,\"version\":1"))

        let script = "value(\"foo\") = \"bar\"\n\nput foo baz\nget foo\n\nget foo\n\n"
        #expect(try etcdctl.run(["txn"], input: script).stdout == "SUCCESS\n\nOK\n\nfoo\nbaz\n")
        #expect(try etcdctl.run(["txn"], input: script).stdout == "FAILURE\n\nfoo\nbaz\n")

        // A watcher on a second node sees what the first node writes, history first.
        let second = try await BrainProcess.start(
            dataDirectory: directory.path("node-2"), extraArguments: ["--backend", postgres.url])
        let watcher = try ManagedProcess(
            executable: URL(fileURLWithPath: "/usr/bin/etcdctl"),
            arguments: ["--endpoints=\(second.endpoint)", "watch", "--prefix", "dir/", "--rev=4"],
            logFile: directory.path("watch.out"),
            environment: ["ETCDCTL_API": "3"]
        )
        try await Task.sleep(for: .milliseconds(500))
        #expect(try etcdctl.run("del", "--prefix", "dir/").stdout == "3\n")
        let deadline = ContinuousClock.now + .seconds(10)
        while watcher.output.components(separatedBy: "DELETE").count < 4, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        await watcher.stop()
        #expect(
            watcher.output
                == "PUT\ndir/2\nv2\nPUT\ndir/3\nv3\nDELETE\ndir/1\n\nDELETE\ndir/2\n\nDELETE\ndir/3\n\n")
        #expect(await second.stop() == 0)

        for value in 1...3 { _ = try etcdctl.run("put", "hist", "\(value)") }
        #expect(try etcdctl.run("compact", "10").stdout.contains("compacted revision 10"))
        let old = try etcdctl.run("get", "hist", "--rev=9")
        #expect(old.status != 0)
        #expect(old.stderr.contains("required revision has been compacted"))
        #expect(try etcdctl.run("get", "hist", "--print-value-only").stdout == "3\n")

        let grant = try etcdctl.run("lease", "grant", "60").stdout
        let id = try #require(grant.split(separator: " ").dropFirst().first.map(String.init))
        #expect(try etcdctl.run("put", "ephemeral", "x", "--lease=\(id)").stdout == "OK\n")
        #expect(try etcdctl.run("lease", "revoke", id).stdout.contains("revoked"))
        #expect(try etcdctl.run("get", "ephemeral").stdout == "")
        #expect(try etcdctl.run("endpoint", "status").status == 0)
    }
}
