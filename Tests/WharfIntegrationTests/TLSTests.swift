import Foundation
import Testing
import WharfTestSupport

/// brain serving TLS with client-certificate authentication, checked with etcdctl.
@Suite(.serialized) struct TLSTests {
    @Test func clientCertificatesAreRequired() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-tls")
        defer { directory.remove() }
        try TLSBrain.makeCertificates(in: directory)
        let file = { (name: String) in directory.path(name).path }
        let (brain, port) = try await TLSBrain.start(in: directory)
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
        try TLSBrain.makeCertificates(in: directory)
        let file = { (name: String) in directory.path(name).path }
        let (brain, port) = try await TLSBrain.start(in: directory)
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
}
