public import NIOHTTP1

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
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: [String]] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") where !item.isEmpty {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.percentDecoded(pair[0])
                query[name, default: []].append(pair.count == 2 ? Self.percentDecoded(pair[1]) : "")
            }
        }
        self.init(
            method: method, path: Self.percentDecoded(parts[0], plusIsSpace: false), query: query, headers: headers,
            body: body, user: user
        )
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

    private static func percentDecoded(_ text: Substring, plusIsSpace: Bool = true) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
