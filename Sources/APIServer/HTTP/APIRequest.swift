public import NIOHTTP1
import WharfRuntime

/// One HTTP request to the API server, with its body read in full (up to the configured limit) and
/// the authenticated user.
public struct APIRequest: Sendable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path, percent-decoded, without the query.
    public var path: String
    /// Query parameters, decoded; a repeated name keeps every value in order.
    public var query: [String: [String]]
    /// The request headers.
    public var headers: HTTPHeaders
    /// The request body.
    public var body: [UInt8]
    /// Who sent it, or `nil` when the request is anonymous.
    public var user: UserInfo?

    /// Creates a request.
    public init(
        method: HTTPMethod, path: String, query: [String: [String]] = [:], headers: HTTPHeaders = [:],
        body: [UInt8] = [], user: UserInfo? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.user = user
    }

    /// Splits a request target (`/api/v1/pods?limit=5`) into a decoded path and query.
    public init(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: [UInt8], user: UserInfo?) {
        let target = RequestTarget(uri)
        var query: [String: [String]] = [:]
        for item in target.query {
            query[item.name, default: []].append(item.value)
        }
        self.init(method: method, path: target.path, query: query, headers: headers, body: body, user: user)
    }

    /// Whether a boolean query parameter is set, read as Go's `strconv.ParseBool` reads it
    /// (`1`, `t`, `T`, `true`, `TRUE`, `True`).
    public func queryFlag(_ name: String) -> Bool {
        ["1", "t", "T", "true", "TRUE", "True"].contains(self.queryValue(name) ?? "")
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        self.query[name]?.first
    }
}
