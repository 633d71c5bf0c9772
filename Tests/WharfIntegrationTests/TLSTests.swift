import Foundation
import Testing
import WharfTestSupport

/// brain serving TLS with client-certificate authentication, checked with etcdctl.
@Suite(.serialized) struct TLSTests {
    /// Makes a CA, a server certificate for 127.0.0.1 and a client certificate with openssl.
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
            """
        let result = try CommandResult.run("/bin/sh", ["-c", script])
        try #require(result.status == 0, "\(result.stderr)")
    }

    @Test func clientCertificatesAreRequired() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-tls")
        defer { directory.remove() }
        try makeCertificates(in: directory)
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
}
