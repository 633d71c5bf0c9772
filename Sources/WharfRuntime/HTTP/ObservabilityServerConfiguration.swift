/// Where and how ``ObservabilityServer`` listens.
///
/// Every field has a default; the `wharf` subcommands map their `--listen-metrics-urls`-style flags onto
/// ``host`` and ``port``.
public struct ObservabilityServerConfiguration: Sendable, Hashable {
    /// The host to bind: an IPv4 or IPv6 literal (no brackets) or a name. Defaults to `127.0.0.1`, so
    /// metrics and health are not exposed beyond the machine unless asked.
    public var host: String
    /// The port to bind. Defaults to 0, which asks the operating system for a free port (tests read it
    /// back through `onServerRunning`); servers set their well-known port.
    public var port: Int
    /// The listen backlog. Defaults to 256.
    public var backlog: Int
    /// How long a connection may stay silent (no bytes received) before it is closed. Defaults to
    /// 60 seconds; this also bounds how long a half-sent request can hold up graceful shutdown.
    public var idleTimeout: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: The host to bind. Defaults to `127.0.0.1`.
    ///   - port: The port to bind, 0 for any free port. Defaults to 0.
    ///   - backlog: The listen backlog. Defaults to 256.
    ///   - idleTimeout: How long a silent connection is kept. Defaults to 60 seconds.
    public init(host: String = "127.0.0.1", port: Int = 0, backlog: Int = 256, idleTimeout: Duration = .seconds(60)) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.idleTimeout = idleTimeout
    }
}
