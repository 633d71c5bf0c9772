/// An API group and version, e.g. `apps/v1`; the core group is the empty string (`v1`).
public struct GroupVersion: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String

    /// Creates a group version.
    public init(group: String, version: String) {
        self.group = group
        self.version = version
    }

    /// Parses an `apiVersion` value: `v1` or `group/version`; `nil` when malformed.
    public init?(apiVersion: String) {
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty:
            self.init(group: "", version: String(parts[0]))
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            self.init(group: String(parts[0]), version: String(parts[1]))
        default:
            return nil
        }
    }

    /// The `apiVersion` spelling: `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String {
        self.group.isEmpty ? self.version : "\(self.group)/\(self.version)"
    }

    public var description: String { self.apiVersion }
}
