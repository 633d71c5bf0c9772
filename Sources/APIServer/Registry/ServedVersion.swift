public import KubeModel

/// How one served version of a resource reads and writes its objects: in the resource's storage
/// version, converted on the way in and out when another version shares the storage location
/// (core `v1` and `events.k8s.io/v1` events, `autoscaling/v2` and `autoscaling/v1` HPAs, and the
/// versions of a custom resource, which convert by changing `apiVersion` only: the CRD's `None`
/// strategy).
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
    /// Kubernetes' conversions for built-in kinds; `nil` for custom resources.
    private let conversions: VersionConversions?

    /// The versioning of `definition`'s resource under `conversions` (built-in kinds) or its CRD.
    public init(_ definition: ResourceDefinition, conversions: VersionConversions) {
        self.servedKind = definition.groupVersionKind
        if let custom = definition.customResource {
            self.storageKind = GroupVersionKind(group: self.servedKind.group, version: custom.storageVersion, kind: self.servedKind.kind)
            self.converts = custom.versionCount > 1
            self.conversions = nil
        } else {
            self.storageKind = conversions.storageKind(for: self.servedKind)
            self.converts = conversions.sharesStorage(self.servedKind)
            self.conversions = conversions
        }
    }

    private func convert(_ object: JSONValue, to kind: GroupVersionKind) -> JSONValue {
        if let conversions = self.conversions {
            return conversions.convert(object, to: kind)
        }
        var converted = object
        converted.apiVersion = kind.groupVersion.apiVersion
        return converted
    }

    /// An object of any version sharing the storage, as the storage version; objects written before
    /// the conversions existed may be stored in another version, which their `apiVersion` tells.
    public func stored(_ object: JSONValue) -> JSONValue {
        guard self.converts else { return object }
        return self.convert(object, to: self.storageKind)
    }

    /// An object of the served version (from a request body, whose `apiVersion` and `kind` may be
    /// missing) as the storage version.
    public func stored(fromServed object: JSONValue) -> JSONValue {
        guard self.converts else { return object }
        var typed = object
        typed.apiVersion = self.servedKind.groupVersion.apiVersion
        typed.kind = self.servedKind.kind
        return self.convert(typed, to: self.storageKind)
    }

    /// A stored object as the served version.
    public func served(_ object: JSONValue) -> JSONValue {
        guard self.converts else { return object }
        return self.convert(object, to: self.servedKind)
    }
}
