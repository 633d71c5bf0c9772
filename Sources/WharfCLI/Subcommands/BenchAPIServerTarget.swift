import ArgumentParser
import Foundation
import KubeBench

/// The API server `wharf bench apiserver` talks to and the credentials it presents, and how it
/// reports.
struct BenchAPIServerTarget: ParsableArguments {
    @Option(help: "The API server URL (default: the kubeconfig's, else https://127.0.0.1:6443).")
    var server: String?

    @Option(
        help:
            "A kubeconfig (JSON, as `wharf up` writes it) for the server and credentials; the flags below override it.")
    var kubeconfig: String?

    @Option(help: "PEM file of the CA that signed the server's certificate.")
    var ca: String?

    @Option(help: "PEM file of the client certificate.")
    var cert: String?

    @Option(help: "PEM file of the client certificate's key.")
    var key: String?

    @Option(help: "A bearer token to send with every request.")
    var token: String?

    @Option(name: .customLong("as"), help: "A user to act as (Impersonate-User), as kubectl --as.")
    var impersonatedUser: String?

    @Flag(help: "Print the result as one JSON object instead of text.")
    var json = false

    func validate() throws {
        if (self.cert == nil) != (self.key == nil) { throw ValidationError("--cert and --key go together") }
        _ = try self.endpoint()
    }

    /// The endpoint the flags describe.
    func endpoint() throws -> APIServerEndpoint {
        var endpoint: APIServerEndpoint
        if let kubeconfig {
            endpoint = try APIServerEndpoint(kubeconfig: URL(fileURLWithPath: kubeconfig))
            if let server {
                let named = try APIServerEndpoint(server: server)
                (endpoint.usesTLS, endpoint.host, endpoint.port) = (named.usesTLS, named.host, named.port)
            }
        } else {
            endpoint = try APIServerEndpoint(server: self.server ?? "https://127.0.0.1:6443")
        }
        func read(_ path: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            return Array(data)
        }
        if let ca { endpoint.certificateAuthorityPEM = try read(ca) }
        if let cert { endpoint.clientCertificatePEM = try read(cert) }
        if let key { endpoint.clientKeyPEM = try read(key) }
        if let token { endpoint.bearerToken = token }
        if let impersonatedUser { endpoint.impersonatedUser = impersonatedUser }
        return endpoint
    }

    /// Prints `result` as JSON, or as `text` for people.
    func report(_ result: some Encodable, text: String) throws {
        try BenchReport.print(result, json: self.json, text: text)
    }
}
