public import WharfRuntime

/// Where and how the etcd gRPC API listens.
public struct EtcdServerConfiguration: Sendable {
    /// The host to bind (etcd's default client URL is 127.0.0.1).
    public var host: String
    /// The port to bind; 0 picks a free one (see ``EtcdServer/listeningPort()``).
    public var port: Int
    /// Serving certificate, key and client CA; nil serves plaintext.
    public var tls: TLSFiles?
    /// The largest request accepted, in bytes (etcd's `--max-request-bytes`, default 1.5 MiB).
    public var maxRequestBytes: Int

    /// etcd's default request limit.
    public static let defaultMaxRequestBytes = 1_572_864
    /// Room gRPC framing needs on top of the request limit, as etcd allows.
    static let grpcOverheadBytes = 512 * 1024

    /// The largest message etcd's gRPC layer accepts; past it etcd answers ResourceExhausted.
    var maxReceiveBytes: Int { maxRequestBytes + Self.grpcOverheadBytes }

    /// What the transport itself accepts: more than ``maxReceiveBytes``, so that requests between
    /// the two reach the service and get etcd's status instead of a reset stream.
    var transportLimitBytes: Int { max(4 * maxReceiveBytes, 16 << 20) }

    public init(host: String = "127.0.0.1", port: Int = 2379, tls: TLSFiles? = nil, maxRequestBytes: Int = defaultMaxRequestBytes) {
        self.host = host
        self.port = port
        self.tls = tls
        self.maxRequestBytes = maxRequestBytes
    }
}
