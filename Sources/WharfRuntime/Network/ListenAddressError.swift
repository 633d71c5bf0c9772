/// Why a listen URL such as `http://127.0.0.1:2379` could not be parsed.
///
/// Every case carries the offending input, and ``description`` is a sentence fit for a flag error.
public enum ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input (or one element of a comma-separated list) is empty.
    case empty
    /// The URL has no `scheme://` prefix.
    case missingScheme(String)
    /// The scheme is neither `http` nor `https`.
    case unsupportedScheme(String, url: String)
    /// The scheme is `unix` or `unixs`: Unix domain sockets are not supported.
    case unixSocketNotSupported(String)
    /// The host is empty, as in `http://:2379`.
    case missingHost(String)
    /// The URL has no `:port`, as in `http://127.0.0.1`.
    case missingPort(String)
    /// The port is not a number between 0 and 65535.
    case invalidPort(String, url: String)
    /// An IPv6 literal is malformed, such as a missing `]` or a colon outside brackets.
    case invalidHost(String, url: String)
    /// The URL has a path, query, fragment or user info; a listen URL is only `scheme://host:port`.
    case unexpectedComponent(String, url: String)
    /// The same address appears twice in a list.
    case duplicate(String)

    public var description: String {
        switch self {
        case .empty:
            return "listen URL is empty"
        case .missingScheme(let url):
            return "listen URL \"\(url)\" has no scheme; expected http://host:port or https://host:port"
        case .unsupportedScheme(let scheme, let url):
            return "listen URL \"\(url)\" has unsupported scheme \"\(scheme)\"; expected http or https"
        case .unixSocketNotSupported(let url):
            return "listen URL \"\(url)\" is a Unix domain socket, which is not supported; use http or https"
        case .missingHost(let url):
            return "listen URL \"\(url)\" has no host"
        case .missingPort(let url):
            return "listen URL \"\(url)\" does not have the form \"host:port\""
        case .invalidPort(let port, let url):
            return "listen URL \"\(url)\" has invalid port \"\(port)\"; expected a number from 0 to 65535"
        case .invalidHost(let host, let url):
            return "listen URL \"\(url)\" has invalid host \"\(host)\"; write IPv6 addresses in brackets, as in [::1]"
        case .unexpectedComponent(let component, let url):
            return "listen URL \"\(url)\" must not contain \"\(component)\"; expected only scheme://host:port"
        case .duplicate(let url):
            return "listen URL \"\(url)\" is given more than once"
        }
    }
}
