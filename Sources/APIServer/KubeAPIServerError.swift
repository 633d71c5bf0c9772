/// Why the Kubernetes API server could not start.
public enum KubeAPIServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `run()` was called twice.
    case alreadyStarted
    /// The listen address could not be bound.
    case bindFailed(host: String, port: Int, reason: String)
    /// The serving certificate, key or client CA could not be loaded.
    case tlsUnusable(reason: String)

    public var description: String {
        switch self {
        case .alreadyStarted: "the API server was already started"
        case .bindFailed(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
        case .tlsUnusable(let reason): "cannot load the serving certificate: \(reason)"
        }
    }
}
