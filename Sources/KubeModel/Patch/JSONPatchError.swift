/// Why a JSON patch could not be applied.
public enum JSONPatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The patch document is not a valid list of operations.
    case malformed(String)
    /// A path names a member or index that does not exist.
    case pathNotFound(String)
    /// A `test` operation did not match.
    case testFailed(String)

    public var description: String {
        switch self {
        case .malformed(let message): message
        case .pathNotFound(let token): "doc is missing path: \(token)"
        case .testFailed(let path): "testing value \(path) failed: test failed"
        }
    }
}
