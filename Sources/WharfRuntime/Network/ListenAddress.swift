/// One address a server listens on, parsed from an etcd-style URL such as `http://127.0.0.1:2379`.
///
/// etcd names its listeners with URLs (`--listen-client-urls`, `--listen-peer-urls`,
/// `--listen-metrics-urls`); Wharf's flags take the same spelling so existing etcd configuration carries
/// over. Only `http` and `https` are accepted. IPv6 hosts are written in brackets (`https://[::1]:2379`)
/// and stored without them in ``host``, ready for a socket bind.
///
/// ```swift
/// let address = try ListenAddress(parsing: "https://[::1]:2379")
/// // address.scheme == .https, address.host == "::1", address.port == 2379
/// let all = try ListenAddress.parseList("http://127.0.0.1:2379,http://10.0.0.5:2379")
/// ```
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Whether the listener speaks plain TCP or TLS.
    public var scheme: ListenScheme
    /// The host to bind, without IPv6 brackets: `127.0.0.1`, `::1`, `fe80::1%eth0`, `0.0.0.0` or a name
    /// like `localhost`.
    public var host: String
    /// The port to bind; 0 asks the operating system for a free port.
    public var port: Int

    /// Creates an address from its parts.
    ///
    /// - Parameters:
    ///   - scheme: Plain TCP or TLS.
    ///   - host: The host to bind, IPv6 literals without brackets.
    ///   - port: The port to bind, 0 for any free port.
    public init(scheme: ListenScheme, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses one listen URL of the form `scheme://host:port`.
    ///
    /// Surrounding whitespace is ignored. A trailing `/` is accepted (etcd prints URLs that way); any other
    /// path, a query, a fragment or user info is rejected.
    ///
    /// - Parameter url: The URL, such as `http://127.0.0.1:2379` or `https://[::1]:2379`.
    /// - Throws: ``ListenAddressError`` naming what is wrong with `url`.
    public init(parsing url: String) throws(ListenAddressError) {
        let text = url.trimmingWhitespace()
        guard !text.isEmpty else { throw .empty }
        guard let separator = text.firstRange(of: "://") else { throw .missingScheme(text) }

        let schemeText = text[..<separator.lowerBound].lowercased()
        switch schemeText {
        case "http": self.scheme = .http
        case "https": self.scheme = .https
        case "unix", "unixs": throw .unixSocketNotSupported(text)
        case "": throw .missingScheme(text)
        default: throw .unsupportedScheme(schemeText, url: text)
        }

        var authority = Substring(text[separator.upperBound...])
        if authority.hasSuffix("/") {
            authority = authority.dropLast()
        }
        if let index = authority.firstIndex(where: { "/?#@".contains($0) }) {
            throw .unexpectedComponent(String(authority[index...]), url: text)
        }

        let hostText: Substring
        let portText: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidHost(String(authority), url: text)
            }
            hostText = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .missingPort(text) }
            portText = rest.dropFirst()
            guard hostText.contains(":") else { throw .invalidHost(String(hostText), url: text) }
        } else {
            guard let colon = authority.lastIndex(of: ":") else { throw .missingPort(text) }
            hostText = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
            guard !hostText.contains(":") else { throw .invalidHost(String(hostText), url: text) }
        }

        guard !hostText.isEmpty else { throw .missingHost(text) }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), portText.count <= 5,
            let port = Int(portText), port <= 65535
        else {
            throw .invalidPort(String(portText), url: text)
        }
        // An IPv6 zone is written `%25` in URLs (RFC 6874) and `%` when binding.
        self.host = String(hostText).replacing("%25", with: "%")
        self.port = port
    }

    /// The URL form, with IPv6 hosts in brackets: `https://[::1]:2379`.
    public var description: String {
        "\(self.scheme.rawValue)://\(self.hostAndPort)"
    }

    /// `host:port`, with IPv6 hosts in brackets and zones escaped: `[::1]:2379`, `[fe80::1%25eth0]:2379`.
    public var hostAndPort: String {
        guard self.host.contains(":") else { return "\(self.host):\(self.port)" }
        return "[\(self.host.replacing("%", with: "%25"))]:\(self.port)"
    }
}
