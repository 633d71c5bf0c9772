public import NIOHPACK

/// What a handler knows about the RPC it serves: the method and the request metadata.
///
/// While a handler runs, its context is also ``current``, so code deep in a call (an auth check,
/// say) reads the caller's metadata without threading the context through.
public struct GRPCCallContext: Sendable {
    /// The fully qualified service name, such as `etcdserverpb.KV`.
    public let service: String
    /// The method name, such as `Range`.
    public let method: String
    /// The request headers, gRPC metadata included.
    public let headers: HPACKHeaders
    /// The common name (CN) of the client's TLS certificate, when the server asked for one and
    /// verified it.
    public let peerCommonName: String?

    /// Creates a context (the server does; tests may too).
    public init(service: String, method: String, headers: HPACKHeaders, peerCommonName: String? = nil) {
        self.service = service
        self.method = method
        self.headers = headers
        self.peerCommonName = peerCommonName
    }

    /// The first value of a metadata key (lower-case names), or nil.
    public subscript(metadata name: String) -> String? {
        headers.first(name: name)
    }

    /// The context of the RPC whose handler is running, or nil outside one.
    @TaskLocal public static var current: GRPCCallContext?
}
