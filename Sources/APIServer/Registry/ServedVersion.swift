public import KubeModel

/// How one served version of a resource reads and writes its objects: in the resource's storage
/// version, converted on the way in and out when another version shares the storage location
/// (core `v1` and `events.k8s.io/v1` events, `autoscaling/v2` and `autoscaling/v1` HPAs).
///
/// The object store and the selectors work on the storage version, as kube-apiserver's registry
/// works on its internal version; requests and responses are in the served version.
public struct ServedVersion: Sendable {
    /// The kind the request reads and writes.
    public let servedKind: GroupVersionKind
    /// The kind objects are stored as.
    public let storageKind: GroupVersionKind
    /// Whether objects may need converting: another version shares the storage location.
    public let converts: Bool
    private let conversions: VersionConversions

    /// The versioning of `definition`'s resource under `conversions`.
    public init(_ definition: ResourceDefinition, conversions: VersionConversions) {
        self.servedKind = definition.groupVersionKind
        self.storageKind = conversions.storageKind(for: self.servedKind)
        self.converts = conversions.sharesStorage(self.servedKind)
        self.conversions = conversions
    }

    /// An object of any version sharing the storage, as the storage version; objects written before
    /// the conversions existed may be stored in another version, which their `apiVersion` tells.
    public func stored(_ object: JSONValue) -> JSONValue {
        guard self.converts else { return object }
        return self.conversions.convert(object, to: self.storageKind)
    }

    /// An object of the served version (from a request body, whose `apiVersion` and `kind` may be
    /// missing) as the storage version.
    public func stored(fromServed object: JSONValue) -> JSONValue {
        guard self.converts else { return object }
        var typed = object
        typed.apiVersion = self.servedKind.groupVersion.apiVersion
        typed.kind = self.servedKind.kind
        return self.conversions.convert(typed, to: self.storageKind)
    }

    /// A stored object as the served version.
    public func served(_ object: JSONValue) -> JSONValue {
        guard self.converts else { return object }
        return self.conversions.convert(object, to: self.servedKind)
    }
}
