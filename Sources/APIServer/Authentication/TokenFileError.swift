/// Why a token file could not be loaded.
public enum TokenFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// A line has fewer than three fields or an empty token or user.
    case malformedLine(path: String, line: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read token file \(path): \(reason)"
        case .malformedLine(let path, let line): "token file \(path), line \(line): want token,user,uid[,\"groups\"]"
        }
    }
}
