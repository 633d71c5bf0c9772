import Foundation

/// Where a Kubernetes API server listens and how to authenticate to it: the server's URL, the CA
/// that signed its serving certificate, and a client certificate or a bearer token.
///
/// ```swift
/// var endpoint = try APIServerEndpoint(server: "https://127.0.0.1:6443")
/// endpoint.certificateAuthorityPEM = Array(try Data(contentsOf: caFile))
/// ```
/// or, from the kubeconfig `wharf up` writes, ``init(kubeconfig:)``.
public struct APIServerEndpoint: Sendable {
    /// Whether the server speaks HTTPS (`https://`) or plain HTTP (`http://`, loopback only).
    public var usesTLS: Bool
    /// The host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The CA certificate (PEM) that signed the server's certificate; `nil` trusts the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// The client certificate (PEM), for client-certificate authentication.
    public var clientCertificatePEM: [UInt8]?
    /// The client certificate's private key (PEM).
    public var clientKeyPEM: [UInt8]?
    /// A bearer token, sent as `Authorization: Bearer …` on every request.
    public var bearerToken: String?
    /// A user to act as, sent as `Impersonate-User` on every request (`kubectl --as`): the server
    /// then authorizes each request for that user, which the authenticated one must be allowed
    /// to impersonate.
    public var impersonatedUser: String?

    /// Creates an endpoint from a URL such as `https://127.0.0.1:6443`, without credentials.
    ///
    /// - Parameter server: `https://HOST[:PORT]` (port 443 if absent) or `http://HOST[:PORT]` (port 80).
    /// - Throws: ``KubeBenchError/invalidServerURL(_:)`` for anything else.
    public init(server: String) throws(KubeBenchError) {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http",
            let host = url.host(percentEncoded: false), !host.isEmpty
        else { throw KubeBenchError.invalidServerURL(server) }
        self.usesTLS = scheme == "https"
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = url.port ?? (self.usesTLS ? 443 : 80)
    }

    /// The `Host` header: the host and port as the URL named them.
    var hostHeader: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }

    /// The name to send as TLS server name and to verify: `nil` for an IP address, whose
    /// certificate is verified against the connected address instead.
    var serverHostname: String? {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        if inet_pton(AF_INET, self.host, &ipv4) == 1 || inet_pton(AF_INET6, self.host, &ipv6) == 1 { return nil }
        return self.host
    }
}
