/// Why a `--controllers` list was refused.
public enum ControllerSelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name is neither a controller's nor its legacy name.
    case unknownController(String)

    public var description: String {
        switch self {
        case .unknownController(let name):
            let known = LifecycleController.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown controller \"\(name)\" (known: \(known))"
        }
    }
}
