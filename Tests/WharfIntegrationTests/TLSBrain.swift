import Foundation
import Testing
import WharfTestSupport

/// brain on https with client-certificate authentication, and the certificates to reach it.
enum TLSBrain {
    /// Makes a CA, a server certificate for 127.0.0.1 and client certificates for alice and
    /// mallory with openssl.
    static func makeCertificates(in directory: TemporaryDirectory) throws {
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

    /// Starts brain on https with client-certificate authentication.
    static func start(in directory: TemporaryDirectory) async throws -> (ManagedProcess, Int) {
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
