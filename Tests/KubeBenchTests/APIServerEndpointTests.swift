import Foundation
import KubeBench
import Testing

/// Server URLs and kubeconfigs as `wharf bench apiserver` reads them.
@Suite struct APIServerEndpointTests {
    @Test func parsesServerURLs() throws {
        let https = try APIServerEndpoint(server: "https://127.0.0.1:6443")
        #expect(https.usesTLS && https.host == "127.0.0.1" && https.port == 6443)
        let plain = try APIServerEndpoint(server: "http://localhost")
        #expect(!plain.usesTLS && plain.host == "localhost" && plain.port == 80)
        let ipv6 = try APIServerEndpoint(server: "https://[::1]:8443")
        #expect(ipv6.host == "::1" && ipv6.port == 8443)
        #expect(throws: KubeBenchError.invalidServerURL("ftp://x")) { try APIServerEndpoint(server: "ftp://x") }
        #expect(throws: KubeBenchError.self) { try APIServerEndpoint(server: "127.0.0.1:6443") }
    }

    @Test func readsAJSONKubeconfigWithEmbeddedAndFileCredentials() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubebench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("KEY".utf8).write(to: directory.appendingPathComponent("admin.key"))
        let config = """
            {"apiVersion":"v1","kind":"Config","current-context":"b",
             "clusters":[{"name":"a","cluster":{"server":"https://10.0.0.1"}},
                         {"name":"bc","cluster":{"server":"https://127.0.0.1:7443","certificate-authority-data":"\(Data("CA".utf8).base64EncodedString())"}}],
             "users":[{"name":"bu","user":{"client-certificate-data":"\(Data("CERT".utf8).base64EncodedString())","client-key":"admin.key","token":"t0k"}}],
             "contexts":[{"name":"a","context":{"cluster":"a","user":"bu"}},{"name":"b","context":{"cluster":"bc","user":"bu"}}]}
            """
        let file = directory.appendingPathComponent("kubeconfig")
        try Data(config.utf8).write(to: file)
        let endpoint = try APIServerEndpoint(kubeconfig: file)
        #expect(endpoint.host == "127.0.0.1" && endpoint.port == 7443 && endpoint.usesTLS)
        #expect(endpoint.certificateAuthorityPEM == Array("CA".utf8))
        #expect(endpoint.clientCertificatePEM == Array("CERT".utf8))
        #expect(endpoint.clientKeyPEM == Array("KEY".utf8))
        #expect(endpoint.bearerToken == "t0k")

        try Data("apiVersion: v1\n".utf8).write(to: file)
        #expect(throws: KubeBenchError.self) { try APIServerEndpoint(kubeconfig: file) }
    }
}
