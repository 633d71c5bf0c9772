import Foundation
import Testing
import WharfTestSupport

/// brain serving TLS with client-certificate authentication, checked with etcdctl.
@Suite(.serialized) struct TLSTests {
    /// Makes a CA, a server certificate for 127.0.0.1 and client certificates for alice and
    /// mallory with openssl.
    private func makeCertificates(in directory: TemporaryDirectory) throws {
        let dir = directory.url.path
        let script = """
            set -e
            cd '\(dir)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=wharf-test-ca
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=brain
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 1 -extfile san.ext
            openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=alice
            openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 1
            openssl req -newkey rsa:2048 -nodes -keyout mallory.key -out mallory.csr -subj /CN=mallory
            openssl x509 -req -in mallory.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out mallory.crt -days 1
            """
        let result = try CommandResult.run("/bin/sh", ["-c", script])
        try #require(result.status == 0, "\(result.stderr)")
    }

    @Test func clientCertificatesAreRequired() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-tls")
        defer { directory.remove() }
        try makeCertificates(in: directory)
        let file = { (name: String) in directory.path(name).path }
        let (brain, port) = try await startBrain(in: directory)
        let etcdctl = Etcdctl(endpoint: "https://127.0.0.1:\(port)")
        let withCertificate = ["--cacert", file("ca.crt"), "--cert", file("client.crt"), "--key", file("client.key")]
        #expect(try etcdctl.run(withCertificate + ["put", "secure", "yes"]).stdout == "OK\n")
        #expect(try etcdctl.run(withCertificate + ["get", "secure", "--print-value-only"]).stdout == "yes\n")
        let anonymous = try etcdctl.run(["--cacert", file("ca.crt"), "--dial-timeout=2s", "--command-timeout=3s", "get", "secure"])
        #expect(anonymous.status != 0)
        #expect(anonymous.stdout == "")
        let plaintext = try Etcdctl(endpoint: "http://127.0.0.1:\(port)")
            .run(["--dial-timeout=2s", "--command-timeout=3s", "get", "secure"])
        #expect(plaintext.status != 0)
        #expect(try etcdctl.run(withCertificate + ["get", "secure", "--print-value-only"]).stdout == "yes\n")
        #expect(await brain.stop() == 0)
    }

    /// With auth on, a request without a token acts as the user its certificate names, as
    /// etcd does under `--client-cert-auth`; a token still wins.
    @Test func certificateCommonNameIsTheUserWithoutAToken() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-tls-cn")
        defer { directory.remove() }
        try makeCertificates(in: directory)
        let file = { (name: String) in directory.path(name).path }
        let (brain, port) = try await startBrain(in: directory)
        let etcdctl = Etcdctl(endpoint: "https://127.0.0.1:\(port)")
        let alice = ["--cacert", file("ca.crt"), "--cert", file("client.crt"), "--key", file("client.key")]
        let mallory = ["--cacert", file("ca.crt"), "--cert", file("mallory.crt"), "--key", file("mallory.key")]
        for setup in [
            ["user", "add", "root:rootpw"], ["role", "add", "reader"],
            ["role", "grant-permission", "reader", "read", "public/", "--prefix=true"],
            ["user", "add", "alice:alicepw"], ["user", "grant-role", "alice", "reader"],
            ["put", "public/motd", "hello"], ["auth", "enable"],
        ] {
            let result = try etcdctl.run(alice + setup)
            try #require(result.status == 0, "\(setup): \(result.stderr)")
        }
        #expect(try etcdctl.run(alice + ["get", "public/motd", "--print-value-only"]).stdout == "hello\n")
        let aliceWrites = try etcdctl.run(alice + ["put", "public/motd", "changed"])
        #expect(aliceWrites.status != 0)
        #expect(aliceWrites.stderr.contains("etcdserver: permission denied"))
        let stranger = try etcdctl.run(mallory + ["get", "public/motd"])
        #expect(stranger.status != 0)
        #expect(stranger.stderr.contains("etcdserver: permission denied"))
        #expect(try etcdctl.run(mallory + ["--user", "root:rootpw", "put", "public/motd", "changed"]).stdout == "OK\n")
        #expect(try etcdctl.run(alice + ["get", "public/motd", "--print-value-only"]).stdout == "changed\n")
        #expect(await brain.stop() == 0)
    }

    /// Starts brain on https with client-certificate authentication.
    private func startBrain(in directory: TemporaryDirectory) async throws -> (ManagedProcess, Int) {
        let file = { (name: String) in directory.path(name).path }
        let port = try FreePort.next()
        let metricsPort = try FreePort.next()
        let brain = try ManagedProcess(
            executable: WharfBinary.url,
            arguments: [
                "brain", "--data-dir", file("data"),
                "--listen-client-urls", "https://127.0.0.1:\(port)",
                "--advertise-client-urls", "https://127.0.0.1:\(port)",
                "--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)",
                "--cert-file", file("server.crt"), "--key-file", file("server.key"),
                "--trusted-ca-file", file("ca.crt"), "--client-cert-auth",
            ],
            logFile: directory.path("brain.log"))
        try await brain.waitForPort(port)
        return (brain, port)
    }
}
