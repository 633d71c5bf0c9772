import EtcdClient
import EtcdWire
import Foundation
import Testing
import WharfTestSupport

/// etcd's authentication and key-range permissions, driven by etcdctl: on the embedded engine, and
/// on two brain nodes sharing one PostgreSQL, where changes made through one node must be enforced
/// by the other.
@Suite(.serialized) struct AuthTests {
    /// The brain the scenario runs on.
    enum Backend: String, CaseIterable, Sendable {
        /// One `wharf brain` with its embedded engine: every command goes to it.
        case embedded
        /// Two `wharf brain --backend postgres://…` nodes: changes go to the first, checks to the
        /// second (and the last change the other way round).
        case postgres
    }

    /// How long a PostgreSQL node may take to enforce another node's auth change: the auth poll
    /// interval (100 ms by default) and the statements, with room to spare.
    static let propagation: Duration = .milliseconds(400)

    @Test(arguments: Backend.allCases)
    func usersRolesAndPermissions(on backend: Backend) async throws {
        switch backend {
        case .embedded:
            let directory = try TemporaryDirectory(prefix: "wharf-auth")
            defer { directory.remove() }
            var brain = try await BrainProcess.start(dataDirectory: directory.url)
            let etcdctl = Etcdctl(endpoint: brain.endpoint)
            try await Self.scenario(changes: etcdctl, checks: etcdctl, settle: {}) {
                await brain.stop()
                brain = try await BrainProcess.start(dataDirectory: directory.url, clientPort: brain.clientPort)
                return Etcdctl(endpoint: brain.endpoint)
            }
            #expect(await brain.stop() == 0)
        case .postgres:
            try await PostgresCluster.run(nodes: 2) { cluster in
                var checked = cluster.nodes[1]
                do {
                    try await Self.scenario(
                        changes: Etcdctl(endpoint: cluster.nodes[0].endpoint), checks: Etcdctl(endpoint: checked.endpoint),
                        settle: { try await Task.sleep(for: Self.propagation) }
                    ) {
                        await checked.stop()
                        checked = try await BrainProcess.start(
                            dataDirectory: checked.dataDirectory, clientPort: checked.clientPort,
                            extraArguments: ["--backend", cluster.postgres.url, "--name", "node-2"])
                        return Etcdctl(endpoint: checked.endpoint)
                    }
                } catch {
                    // The cluster stops the nodes it started; a restarted one is this test's.
                    await checked.stop()
                    throw error
                }
                #expect(await checked.stop() == 0)
            }
        }
    }

    /// Sets up users and roles through `changes`, checks them through `checks` (after `settle`),
    /// restarts the checked node with `restart` and checks again.
    private static func scenario(
        changes: Etcdctl, checks: Etcdctl, settle: () async throws -> Void, restart: () async throws -> Etcdctl
    ) async throws {
        #expect(try changes.run("auth", "enable").stderr.contains("etcdserver: root user does not exist"))
        #expect(try changes.run("user", "add", "root:rootpw").stdout == "User root created\n")
        #expect(try changes.run("user", "add", "root:again").stderr.contains("etcdserver: user name already exists"))
        _ = try changes.run("role", "add", "reader")
        _ = try changes.run("role", "grant-permission", "reader", "read", "--prefix", "/app/")
        _ = try changes.run("user", "add", "alice:alicepw")
        _ = try changes.run("user", "grant-role", "alice", "reader")
        #expect(try changes.run("user", "grant-role", "alice", "missing").stderr.contains("etcdserver: role name not found"))
        _ = try changes.run("put", "/app/config", "v1")
        _ = try changes.run("put", "/secret", "s")
        // etcdctl answers "root user does not have root role" by creating the role, granting it
        // and enabling again, so this succeeds.
        #expect(try changes.run("auth", "enable").stdout == "Authentication Enabled\n")
        try await settle()
        #expect(try checks.run("--user", "root:rootpw", "user", "get", "root").stdout.contains("Roles: root"))

        #expect(try checks.run("get", "/app/config").stderr.contains("etcdserver: user name is empty"))
        #expect(try checks.run("--user", "alice:alicepw", "get", "/app/config", "--print-value-only").stdout == "v1\n")
        #expect(try checks.run("--user", "alice:alicepw", "get", "/secret").stderr.contains("etcdserver: permission denied"))
        #expect(try checks.run("--user", "alice:alicepw", "put", "/app/config", "v2").stderr.contains("etcdserver: permission denied"))
        #expect(try checks.run("--user", "alice:wrong", "get", "/app/config").stderr
            .contains("etcdserver: authentication failed, invalid user ID or password"))
        #expect(try checks.run("--user", "alice:alicepw", "user", "list").stderr.contains("etcdserver: permission denied"))
        #expect(try checks.run("--user", "root:rootpw", "user", "list").stdout == "alice\nroot\n")
        #expect(try checks.run("--user", "root:rootpw", "user", "delete", "root").stderr.contains("etcdserver: invalid auth management"))
        #expect(try checks.run("--user", "root:rootpw", "get", "/secret", "--print-value-only").stdout == "s\n")

        // Users, roles and the switch survive a restart.
        let restarted = try await restart()
        #expect(try restarted.run("get", "/app/config").stderr.contains("etcdserver: user name is empty"))
        #expect(try restarted.run("--user", "alice:alicepw", "get", "/app/config", "--print-value-only").stdout == "v1\n")
        let role = try restarted.run("--user", "root:rootpw", "role", "get", "reader").stdout
        #expect(role.contains("[/app/, /app0) (prefix /app/)"))

        // A revoked role stops working.
        _ = try changes.run("--user", "root:rootpw", "user", "revoke-role", "alice", "reader")
        try await settle()
        #expect(try restarted.run("--user", "alice:alicepw", "get", "/app/config").stderr.contains("etcdserver: permission denied"))

        // Switching auth off through the checked node reaches the other one.
        #expect(try restarted.run("--user", "root:rootpw", "auth", "disable").stdout == "Authentication Disabled\n")
        try await settle()
        #expect(try changes.run("get", "/secret", "--print-value-only").stdout == "s\n")
    }

    /// etcd replicates simple tokens to every member: a token from one node works on the others.
    @Test func aTokenFromOneNodeWorksOnAnother() async throws {
        try await PostgresCluster.run(nodes: 2) { cluster in
            let etcdctl = Etcdctl(endpoint: cluster.nodes[0].endpoint)
            _ = try etcdctl.run("user", "add", "root:rootpw")
            #expect(try etcdctl.run("auth", "enable").stdout == "Authentication Enabled\n")
            try await Task.sleep(for: Self.propagation)
            try await EtcdClient.withConnection(host: "127.0.0.1", port: cluster.nodes[0].clientPort) { first in
                let token = try await first.authenticate(name: "root", password: "rootpw").token
                try await EtcdClient.withConnection(host: "127.0.0.1", port: cluster.nodes[1].clientPort) { second in
                    var request = Etcdserverpb_RangeRequest()
                    request.key = Data("/any".utf8)
                    let answer = try await second.using(token: token).range(request)
                    #expect(answer.kvs.isEmpty)
                    do {
                        _ = try await second.using(token: "forged.1").range(request)
                        Issue.record("a forged token was accepted")
                    } catch {
                        #expect("\(error)".contains("etcdserver: invalid auth token"))
                    }
                }
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func tokensDieWithTheirPasswordAndWhenAuthIsTurnedOff(on backend: Backend) async throws {
        if backend == .postgres {
            // Revoked through one node, used through the other.
            try await PostgresCluster.run(nodes: 2) { cluster in
                try await Self.tokenScenario(
                    changes: cluster.nodes[0].endpoint, checks: cluster.nodes[1].clientPort,
                    settle: { try await Task.sleep(for: Self.propagation) })
            }
            return
        }
        let directory = try TemporaryDirectory(prefix: "wharf-auth-tokens")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.url)
        try await Self.tokenScenario(changes: brain.endpoint, checks: brain.clientPort, settle: {})
        #expect(await brain.stop() == 0)
    }

    /// The same scenario against etcd 3.4 itself: the behaviour the brain variants match.
    @Test func tokensDieTheSameWayOnEtcd() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-auth-etcd")
        defer { directory.remove() }
        let etcd = try await EtcdProcess.start(in: directory.url)
        try await Self.tokenScenario(changes: etcd.endpoint, checks: etcd.clientPort, settle: {})
        _ = await etcd.stop()
    }

    /// Changes passwords and the auth switch with etcdctl at `changes`; uses tokens at `checks`
    /// (after `settle`): as with etcd, a password change or auth turned off and on again makes
    /// the tokens issued before it invalid, while other users' tokens keep working.
    private static func tokenScenario(
        changes endpoint: String, checks port: Int, settle: () async throws -> Void
    ) async throws {
        let etcdctl = Etcdctl(endpoint: endpoint)
        let root = ["--user", "root:rootpw"]
        _ = try etcdctl.run("user", "add", "root:rootpw")
        _ = try etcdctl.run("user", "add", "alice:alicepw")
        _ = try etcdctl.run(root + ["role", "add", "reader"])
        _ = try etcdctl.run(root + ["role", "grant-permission", "reader", "read", "/any"])
        _ = try etcdctl.run(root + ["user", "grant-role", "alice", "reader"])
        #expect(try etcdctl.run("auth", "enable").stdout == "Authentication Enabled\n")
        try await settle()
        var request = Etcdserverpb_RangeRequest()
        request.key = Data("/any".utf8)
        func refused(_ client: EtcdClient) async -> Bool {
            do {
                _ = try await client.range(request)
                return false
            } catch {
                return "\(error)".contains("etcdserver: invalid auth token")
            }
        }
        try await EtcdClient.withConnection(host: "127.0.0.1", port: port) { etcd in
            let alice = try await etcd.authenticate(name: "alice", password: "alicepw")
            let rootClient = try await etcd.authenticate(name: "root", password: "rootpw")
            #expect(try await alice.range(request).kvs.isEmpty)
            _ = try etcdctl.run(root + ["user", "passwd", "alice", "--interactive=false"], input: "alicepw2\n")
            try await settle()
            #expect(await refused(alice))
            #expect(try await rootClient.range(request).kvs.isEmpty)
            let renewed = try await etcd.authenticate(name: "alice", password: "alicepw2")
            #expect(try await renewed.range(request).kvs.isEmpty)
            _ = try etcdctl.run(root + ["auth", "disable"])
            _ = try etcdctl.run("auth", "enable")
            try await settle()
            #expect(await refused(renewed))
            #expect(await refused(rootClient))
            #expect(try await etcd.authenticate(name: "root", password: "rootpw").range(request).kvs.isEmpty)
        }
    }
}
