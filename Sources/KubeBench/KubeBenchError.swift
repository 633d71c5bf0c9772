/// Why a Kubernetes API benchmark could not run or could not trust what it measured.
public enum KubeBenchError: Error, Equatable, CustomStringConvertible {
    /// The server URL is not `https://HOST[:PORT]` or `http://HOST[:PORT]`.
    case invalidServerURL(String)
    /// The kubeconfig could not be read or names no server.
    case invalidKubeconfig(String)
    /// The TLS credentials could not be loaded.
    case invalidCredentials(String)
    /// The server answered a request with an unexpected status; the body is attached.
    case unexpectedStatus(request: String, status: Int, body: String)
    /// A response body was not the JSON expected.
    case malformedResponse(String)
    /// The server closed the connection before the response was complete.
    case connectionClosed
    /// The server process did not become ready in time; its output's tail is attached.
    case serverNotReady(String)

    /// The reason in words.
    public var description: String {
        switch self {
        case .invalidServerURL(let url): "invalid server URL \(url) (want https://HOST:PORT or http://HOST:PORT)"
        case .invalidKubeconfig(let reason): "invalid kubeconfig: \(reason)"
        case .invalidCredentials(let reason): "invalid TLS credentials: \(reason)"
        case .unexpectedStatus(let request, let status, let body): "\(request) answered \(status): \(body.prefix(500))"
        case .malformedResponse(let reason): "malformed response: \(reason)"
        case .connectionClosed: "the server closed the connection"
        case .serverNotReady(let output): "the server did not become ready:\n\(output)"
        }
    }
}
