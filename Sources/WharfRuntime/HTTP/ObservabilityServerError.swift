/// Why ``ObservabilityServer/run()`` failed.
public enum ObservabilityServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `run()` was called on a server that had already been started; a server runs once.
    case alreadyStarted
    /// The listening socket could not be bound, for example because the port is in use.
    case bindFailed(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .alreadyStarted:
            return "the observability server has already been started"
        case .bindFailed(let host, let port, let reason):
            let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return "cannot listen on \(address): \(reason)"
        }
    }
}
