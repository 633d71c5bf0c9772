import Foundation
import Testing
import WharfTestSupport

/// `wharf brain` driven by Debian's etcdctl, as an operator would.
@Suite(.serialized) struct EtcdctlTests {
    private func withBrain(
        _ arguments: [String] = [], _ body: (BrainProcess, Etcdctl) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-etcdctl")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.url, extraArguments: arguments)
        do {
            try await body(brain, Etcdctl(endpoint: brain.endpoint))
        } catch {
            await brain.stop()
            throw error
        }
        #expect(await brain.stop() == 0)
    }

    @Test func putGetDeleteAndRanges() async throws {
        try await withBrain { _, etcdctl in
            #expect(try etcdctl.run("put", "foo", "bar").stdout == "OK\n")
            #expect(try etcdctl.run("get", "foo").stdout == "foo\nbar\n")
            for index in 1...3 { _ = try etcdctl.run("put", "dir/\(index)", "v\(index)") }
            #expect(try etcdctl.run("get", "--prefix", "dir/", "--keys-only").stdout == "dir/1\n\ndir/2\n\ndir/3\n\n")
            #expect(try etcdctl.run("get", "--prefix", "dir/", "--limit=2", "--print-value-only").stdout == "v1\nv2\n")
            #expect(try etcdctl.run("get", "--from-key", "dir/3", "-w", "json").stdout.contains("\"count\":2"))
            let json = try etcdctl.run("get", "foo", "-w", "json").stdout
            #expect(json.contains("\"revision\":5"))
            #expect(json.contains("\"create_revision\":2,\"mod_revision\":2,\"version\":1"))
            #expect(try etcdctl.run("del", "--prefix", "dir/").stdout == "3\n")
            #expect(try etcdctl.run("get", "--prefix", "dir/").stdout == "")
            #expect(try etcdctl.run("put", "foo", "baz", "--prev-kv").stdout == "OK\nfoo\nbar\n")
        }
    }

    @Test func transactions() async throws {
        try await withBrain { _, etcdctl in
            _ = try etcdctl.run("put", "lock", "free")
            // Compares, then the success branch, then the failure branch, each ended by a blank line.
            let script = "value(\"lock\") = \"free\"\n\nput lock taken\nget lock\n\nget lock\n\n"
            let result = try etcdctlWithInput(etcdctl, ["txn"], input: script)
            #expect(result.stdout == "SUCCESS\n\nOK\n\nlock\ntaken\n")
            let again = try etcdctlWithInput(etcdctl, ["txn"], input: script)
            #expect(again.stdout == "FAILURE\n\nlock\ntaken\n")
        }
    }

    @Test func leasesAndCompaction() async throws {
        try await withBrain { _, etcdctl in
            let grant = try etcdctl.run("lease", "grant", "60").stdout
            let id = try #require(grant.split(separator: " ").dropFirst().first.map(String.init))
            #expect(grant.contains("granted with TTL(60s)"))
            #expect(try etcdctl.run("put", "ephemeral", "x", "--lease=\(id)").stdout == "OK\n")
            let ttl = try etcdctl.run("lease", "timetolive", id, "--keys").stdout
            #expect(ttl.contains("attached keys([ephemeral])"))
            #expect(try etcdctl.run("lease", "keep-alive", "--once", id).stdout.contains("TTL(60)"))
            #expect(try etcdctl.run("lease", "list").stdout.contains(id))
            #expect(try etcdctl.run("lease", "revoke", id).stdout.contains("revoked"))
            #expect(try etcdctl.run("get", "ephemeral").stdout == "")
            let bad = try etcdctl.run("put", "k", "v", "--lease=1234abcd")
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("requested lease not found"))
            for value in 1...5 { _ = try etcdctl.run("put", "hist", "\(value)") }
            #expect(try etcdctl.run("compact", "5").stdout.contains("compacted revision 5"))
            let old = try etcdctl.run("get", "hist", "--rev=3")
            #expect(old.status != 0)
            #expect(old.stderr.contains("required revision has been compacted"))
            #expect(try etcdctl.run("defrag").stdout.contains("Finished defragmenting"))
        }
    }

    @Test func statusHealthAndMembers() async throws {
        try await withBrain { brain, etcdctl in
            let status = try etcdctl.run("endpoint", "status", "-w", "json")
            #expect(status.status == 0)
            #expect(status.stdout.contains("\"version\":\"3.5.17\""))
            #expect(try etcdctl.run("endpoint", "health").stderr.contains("is healthy") ||
                    etcdctl.run("endpoint", "health").stdout.contains("is healthy"))
            let members = try etcdctl.run("member", "list").stdout
            #expect(members.contains(brain.endpoint))
            #expect(try etcdctl.run("alarm", "list").status == 0)
        }
    }

    @Test func watchSeesWritesAndHistory() async throws {
        try await withBrain { brain, etcdctl in
            _ = try etcdctl.run("put", "w", "0")
            let output = brain.dataDirectory.appendingPathComponent("watch.out")
            let watcher = try ManagedProcess(
                executable: URL(fileURLWithPath: "/usr/bin/etcdctl"),
                arguments: ["--endpoints=\(brain.endpoint)", "watch", "w", "--rev=2"],
                logFile: output,
                environment: ["ETCDCTL_API": "3"]
            )
            try await Task.sleep(for: .milliseconds(500))
            _ = try etcdctl.run("put", "w", "1")
            _ = try etcdctl.run("del", "w")
            let deadline = ContinuousClock.now + .seconds(10)
            while !watcher.output.contains("DELETE"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            await watcher.stop()
            #expect(watcher.output == "PUT\nw\n0\nPUT\nw\n1\nDELETE\nw\n\n")
        }
    }

    @Test func periodicAutoCompaction() async throws {
        try await withBrain(["--auto-compaction-mode", "periodic", "--auto-compaction-retention", "2s"]) { _, etcdctl in
            for value in 1...3 { _ = try etcdctl.run("put", "auto", "\(value)") }
            #expect(try etcdctl.run("get", "auto", "--rev=2", "--print-value-only").stdout == "1\n")
            let deadline = ContinuousClock.now + .seconds(10)
            var compacted = false
            while !compacted && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                compacted = try etcdctl.run("get", "auto", "--rev=2").stderr.contains("required revision has been compacted")
            }
            #expect(compacted)
            #expect(try etcdctl.run("get", "auto", "--print-value-only").stdout == "3\n")
        }
    }

    @Test func dataSurvivesRestart() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-restart")
        defer { directory.remove() }
        let first = try await BrainProcess.start(dataDirectory: directory.url)
        _ = try Etcdctl(endpoint: first.endpoint).run("put", "durable", "yes")
        #expect(await first.stop() == 0)
        let second = try await BrainProcess.start(dataDirectory: directory.url)
        let read = try Etcdctl(endpoint: second.endpoint).run("get", "durable", "-w", "json").stdout
        #expect(read.contains("\"revision\":2"))
        #expect(try Etcdctl(endpoint: second.endpoint).run("get", "durable", "--print-value-only").stdout == "yes\n")
        #expect(await second.stop() == 0)
    }

    private func etcdctlWithInput(_ etcdctl: Etcdctl, _ arguments: [String], input: String) throws -> CommandResult {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("txn-\(UUID().uuidString)")
        try input.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let joined = (["/usr/bin/etcdctl", "--endpoints=\(etcdctl.endpoint)"] + arguments).joined(separator: " ")
        return try CommandResult.run("/bin/sh", ["-c", "\(joined) < \(script.path)"], environment: ["ETCDCTL_API": "3"])
    }
}
