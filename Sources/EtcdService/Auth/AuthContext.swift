import WharfGRPC

/// Who the RPC being served says it is.
enum AuthContext {
    /// The `token` metadata that etcd clients send after authenticating.
    static var token: String? { GRPCCallContext.current?[metadata: "token"] }
    /// The common name of the client's verified TLS certificate (only with client-certificate
    /// authentication on): etcd's user for requests that carry no token.
    static var certificateUser: String? {
        GRPCCallContext.current?.peerCommonName.flatMap { $0.isEmpty ? nil : $0 }
    }
}
