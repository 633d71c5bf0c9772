/// A kind within a group version, e.g. `apps/v1, Kind=Deployment`.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    public var groupVersion: GroupVersion
    public var kind: String

    /// Creates a group version kind.
    public init(group: String, version: String, kind: String) {
        self.groupVersion = GroupVersion(group: group, version: version)
        self.kind = kind
    }

    public var group: String { self.groupVersion.group }
    public var version: String { self.groupVersion.version }

    public var description: String { "\(self.groupVersion.apiVersion), Kind=\(self.kind)" }
}
