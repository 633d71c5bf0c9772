import WharfGRPC

/// The auth token of the RPC being served: the `token` metadata that etcd clients send after
/// authenticating.
enum AuthContext {
    static var token: String? { GRPCCallContext.current?[metadata: "token"] }
}
