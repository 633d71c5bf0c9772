public import WharfRuntime

/// Where and how a ``GRPCServer`` listens.
public struct GRPCServerConfiguration: Sendable {
    /// The host to bind.
    public var host: String
    /// The port to bind; 0 picks a free one (see ``GRPCServer/listeningPort()``).
    public var port: Int
    /// Serving certificate, key and client CA; nil serves plaintext (h2c with prior knowledge).
    public var tls: TLSFiles?
    /// The largest request message accepted, in bytes; larger ones end the RPC with
    /// ResourceExhausted, as grpc-go does.
    public var maxReceiveMessageBytes: Int
    /// How long graceful shutdown waits for in-flight RPCs before closing connections.
    public var shutdownGracePeriod: Duration

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int, tls: TLSFiles? = nil, maxReceiveMessageBytes: Int = 4 << 20,
        shutdownGracePeriod: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.maxReceiveMessageBytes = maxReceiveMessageBytes
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
