public import KubeModel
public import NIOHTTP1

/// The API server's answer: a status, headers and either a whole body or a stream (watch).
public struct APIResponse: Sendable {
    /// How the body is produced.
    public enum Body: Sendable {
        /// The whole body at once.
        case bytes([UInt8])
        /// A body written piece by piece until the closure returns (chunked in HTTP/1.1).
        case stream(@Sendable (any ResponseBodyWriter) async throws -> Void)
    }

    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: Body

    /// Creates a response.
    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    public static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:])
        -> APIResponse
    {
        .json(serialized: value.serialized(), status: status, headers: headers)
    }

    /// A JSON response from JSON text already written.
    public static func json(serialized: [UInt8], status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:])
        -> APIResponse
    {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return APIResponse(status: status, headers: headers, body: .bytes(serialized))
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPResponseStatus = .ok) -> APIResponse {
        APIResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8))
        )
    }

    /// Whether the body is a stream (a watch).
    public var isStream: Bool {
        if case .stream = self.body { return true }
        return false
    }

    /// The body as JSON, when it is a whole JSON body.
    var jsonBody: JSONValue? {
        guard case .bytes(let bytes) = self.body, self.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true else {
            return nil
        }
        return try? JSONParser.parse(bytes)
    }

    /// The `Status` object of a failed request.
    public static func status(_ error: StatusError) -> APIResponse {
        var headers: HTTPHeaders = [:]
        if let retryAfter = error.retryAfterSeconds {
            headers.add(name: "Retry-After", value: String(retryAfter))
        }
        return .json(error.status, status: HTTPResponseStatus(statusCode: error.code), headers: headers)
    }
}
