/// Why a PostgreSQL backend URL was refused.
public enum PostgresStoreConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a `postgres://user@host:port/database` URL.
    case invalidURL(String)
    /// A query parameter brain does not understand.
    case unsupportedParameter(String)
    /// A parameter with a value it cannot take.
    case invalidParameter(String, String)
    /// A certificate or key file that cannot be read as PEM, and why.
    case unreadableFile(String, String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "not a postgres://user@host:port/database URL: \(url)"
        case .unsupportedParameter(let name):
            "unsupported PostgreSQL URL parameter: \(name) (understood: sslmode, sslrootcert, sslcert, sslkey)"
        case .invalidParameter(let name, let value): "invalid PostgreSQL URL parameter \(name): \(value)"
        case .unreadableFile(let path, let reason): "cannot read \(path) as PEM: \(reason)"
        }
    }
}
