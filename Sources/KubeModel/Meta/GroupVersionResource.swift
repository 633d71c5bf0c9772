/// A resource within a group version, e.g. `apps/v1, Resource=deployments`.
public struct GroupVersionResource: Sendable, Hashable, CustomStringConvertible {
    public var groupVersion: GroupVersion
    public var resource: String

    /// Creates a group version resource.
    public init(group: String, version: String, resource: String) {
        self.groupVersion = GroupVersion(group: group, version: version)
        self.resource = resource
    }

    public var group: String { self.groupVersion.group }
    public var version: String { self.groupVersion.version }

    /// The group-qualified resource name Kubernetes uses in messages: `deployments.apps`, or `pods`.
    public var groupResource: String {
        self.group.isEmpty ? self.resource : "\(self.resource).\(self.group)"
    }

    public var description: String { "\(self.groupVersion.apiVersion), Resource=\(self.resource)" }
}
