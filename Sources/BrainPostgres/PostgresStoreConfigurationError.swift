/// Why a PostgreSQL backend URL was refused.
public enum PostgresStoreConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a `postgres://user@host:port/database` URL.
    case invalidURL(String)
    /// A query parameter brain does not understand.
    case unsupportedParameter(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "not a postgres://user@host:port/database URL: \(url)"
        case .unsupportedParameter(let name): "unsupported PostgreSQL URL parameter: \(name) (only sslmode is understood)"
        }
    }
}
