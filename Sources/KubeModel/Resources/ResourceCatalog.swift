/// The set of resources an API server serves, indexed the ways requests and discovery need.
public struct ResourceCatalog: Sendable {
    /// Every definition, in discovery order.
    public private(set) var definitions: [ResourceDefinition]
    private var byResource: [GroupVersionResource: Int]
    private var byKind: [GroupVersionKind: Int]

    /// Creates a catalog; a later definition with the same group, version and resource replaces an
    /// earlier one.
    public init(_ definitions: [ResourceDefinition]) {
        self.definitions = []
        self.byResource = [:]
        self.byKind = [:]
        for definition in definitions {
            self.add(definition)
        }
    }

    /// Adds or replaces a definition.
    public mutating func add(_ definition: ResourceDefinition) {
        if let index = self.byResource[definition.resource] {
            self.definitions[index] = definition
        } else {
            self.byResource[definition.resource] = self.definitions.count
            self.definitions.append(definition)
        }
        self.byKind[definition.groupVersionKind] = self.byResource[definition.resource]
    }

    /// The definition of a resource, if served.
    public func definition(for resource: GroupVersionResource) -> ResourceDefinition? {
        self.byResource[resource].map { self.definitions[$0] }
    }

    /// The definition serving a kind, if any.
    public func definition(for kind: GroupVersionKind) -> ResourceDefinition? {
        self.byKind[kind].map { self.definitions[$0] }
    }

    /// The served group versions, in the order their first resource was added; the core group first.
    public var groupVersions: [GroupVersion] {
        var seen = Set<GroupVersion>()
        return self.definitions.map(\.resource.groupVersion).filter { seen.insert($0).inserted }
    }

    /// The served API groups with their versions, preferred version first (core group excluded).
    public var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for groupVersion in self.groupVersions where !groupVersion.group.isEmpty {
            if versions[groupVersion.group] == nil { order.append(groupVersion.group) }
            versions[groupVersion.group, default: []].append(groupVersion.version)
        }
        return order.map { group in (group, (versions[group] ?? []).sorted { Self.versionPriority($0) > Self.versionPriority($1) }) }
    }

    /// Kubernetes' version priority, which picks a group's preferred version: GA before beta before
    /// alpha, higher numbers first within each (`v2` > `v1` > `v1beta2` > `v1beta1` > `v1alpha1`),
    /// and versions of another shape after all of them.
    static func versionPriority(_ version: String) -> (Int, Int, Int) {
        guard let match = version.wholeMatch(of: /v(\d+)(?:(alpha|beta)(\d+))?/), let major = Int(match.1) else {
            return (0, 0, 0)
        }
        guard let stage = match.2, let minor = match.3.flatMap({ Int($0) }) else { return (3, major, 0) }
        return (stage == "beta" ? 2 : 1, major, minor)
    }

    /// The definitions of one group version.
    public func definitions(in groupVersion: GroupVersion) -> [ResourceDefinition] {
        self.definitions.filter { $0.resource.groupVersion == groupVersion }
    }
}
