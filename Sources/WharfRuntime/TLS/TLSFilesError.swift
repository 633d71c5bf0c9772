/// Why a ``TLSFiles`` configuration cannot be used.
public enum TLSFilesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A required path is empty.
    case emptyPath(TLSFileRole)
    /// Nothing exists at the path.
    case fileNotFound(TLSFileRole, path: String)
    /// The path names a directory.
    case isADirectory(TLSFileRole, path: String)
    /// The file exists but this process may not read it.
    case notReadable(TLSFileRole, path: String)
    /// Client certificate authentication was asked for without a CA to verify client certificates against.
    case clientCertAuthRequiresTrustedCA

    public var description: String {
        switch self {
        case .emptyPath(let role):
            return "--\(role.rawValue) is empty"
        case .fileNotFound(let role, let path):
            return "--\(role.rawValue) \"\(path)\" does not exist"
        case .isADirectory(let role, let path):
            return "--\(role.rawValue) \"\(path)\" is a directory, not a file"
        case .notReadable(let role, let path):
            return "--\(role.rawValue) \"\(path)\" is not readable"
        case .clientCertAuthRequiresTrustedCA:
            return "--client-cert-auth requires --\(TLSFileRole.trustedCA.rawValue)"
        }
    }
}
