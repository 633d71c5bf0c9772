/// How a ``GRPCClient`` secures its connection: the CA that signs the server's certificate and,
/// for servers that ask, a client certificate (etcd's `--cacert`, `--cert`, `--key`).
public struct GRPCClientTLS: Sendable, Hashable {
    /// PEM bundle of CAs trusted to sign the server certificate; nil trusts the system's roots.
    public var trustedCAFile: String?
    /// PEM client certificate chain, if the client presents one.
    public var certFile: String?
    /// PEM private key of ``certFile``.
    public var keyFile: String?
    /// The name checked against the server certificate; nil uses the host connected to.
    public var serverName: String?

    /// Creates a TLS configuration.
    public init(trustedCAFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, serverName: String? = nil) {
        self.trustedCAFile = trustedCAFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
    }
}
