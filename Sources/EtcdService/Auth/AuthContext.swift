/// The auth token of the RPC being served, set by ``AuthInterceptor`` from the `token` metadata
/// that etcd clients send after authenticating.
enum AuthContext {
    @TaskLocal static var token: String?
}
