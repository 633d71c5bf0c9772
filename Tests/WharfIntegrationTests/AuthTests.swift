import Foundation
import Testing
import WharfTestSupport

/// etcd's authentication and key-range permissions, driven by etcdctl.
@Suite(.serialized) struct AuthTests {
    @Test func usersRolesAndPermissions() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-auth")
        defer { directory.remove() }
        var brain = try await BrainProcess.start(dataDirectory: directory.url)
        var etcdctl = Etcdctl(endpoint: brain.endpoint)

        #expect(try etcdctl.run("auth", "enable").stderr.contains("etcdserver: root user does not exist"))
        #expect(try etcdctl.run("user", "add", "root:rootpw").stdout == "User root created\n")
        #expect(try etcdctl.run("user", "add", "root:again").stderr.contains("etcdserver: user name already exists"))
        _ = try etcdctl.run("role", "add", "reader")
        _ = try etcdctl.run("role", "grant-permission", "reader", "read", "--prefix", "/app/")
        _ = try etcdctl.run("user", "add", "alice:alicepw")
        _ = try etcdctl.run("user", "grant-role", "alice", "reader")
        #expect(try etcdctl.run("user", "grant-role", "alice", "missing").stderr.contains("etcdserver: role name not found"))
        _ = try etcdctl.run("put", "/app/config", "v1")
        _ = try etcdctl.run("put", "/secret", "s")
        // etcdctl answers "root user does not have root role" by creating the role, granting it
        // and enabling again, so this succeeds.
        #expect(try etcdctl.run("auth", "enable").stdout == "Authentication Enabled\n")
        #expect(try etcdctl.run("--user", "root:rootpw", "user", "get", "root").stdout.contains("Roles: root"))

        let anonymous = try etcdctl.run("get", "/app/config")
        #expect(anonymous.stderr.contains("etcdserver: user name is empty"))
        #expect(try etcdctl.run("--user", "alice:alicepw", "get", "/app/config", "--print-value-only").stdout == "v1\n")
        #expect(try etcdctl.run("--user", "alice:alicepw", "get", "/secret").stderr.contains("etcdserver: permission denied"))
        #expect(try etcdctl.run("--user", "alice:alicepw", "put", "/app/config", "v2").stderr.contains("etcdserver: permission denied"))
        #expect(try etcdctl.run("--user", "alice:wrong", "get", "/app/config").stderr
            .contains("etcdserver: authentication failed, invalid user ID or password"))
        #expect(try etcdctl.run("--user", "alice:alicepw", "user", "list").stderr.contains("etcdserver: permission denied"))
        #expect(try etcdctl.run("--user", "root:rootpw", "user", "list").stdout == "alice\nroot\n")
        #expect(try etcdctl.run("--user", "root:rootpw", "user", "delete", "root").stderr.contains("etcdserver: invalid auth management"))

        // Users, roles and the switch survive a restart.
        await brain.stop()
        brain = try await BrainProcess.start(dataDirectory: directory.url)
        etcdctl = Etcdctl(endpoint: brain.endpoint)
        #expect(try etcdctl.run("get", "/app/config").stderr.contains("etcdserver: user name is empty"))
        #expect(try etcdctl.run("--user", "alice:alicepw", "get", "/app/config", "--print-value-only").stdout == "v1\n")
        let role = try etcdctl.run("--user", "root:rootpw", "role", "get", "reader").stdout
        #expect(role.contains("[/app/, /app0) (prefix /app/)"))
        #expect(try etcdctl.run("--user", "root:rootpw", "auth", "disable").stdout == "Authentication Disabled\n")
        #expect(try etcdctl.run("get", "/secret", "--print-value-only").stdout == "s\n")
        #expect(await brain.stop() == 0)
    }
}
