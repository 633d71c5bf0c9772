public import KubeModel

/// How one served version of a resource reads and writes its objects: in the resource's storage
/// version, converted on the way in and out when another version shares the storage location
/// (core `v1` and `events.k8s.io/v1` events, `autoscaling/v2` and `autoscaling/v1` HPAs, and the
/// versions of a custom resource, converted as its CRD's strategy says: ``ObjectConversion``).
///
/// The object store and the selectors work on the storage version of built-in kinds, as
/// kube-apiserver's registry works on its internal version; custom resources have no internal
/// version, so their reads convert once, from the version an object is stored in to the served
/// one (``readsStorageVersion``). Requests and responses are in the served version. Objects
/// already of the wanted version are never converted, and a batch converts in one go (one
/// `ConversionReview` for a list page under a CRD's `Webhook` strategy). Conversions are
/// asynchronous because a webhook may be called; only that one suspends.
public struct ServedVersion: Sendable {
    /// The kind the request reads and writes.
    public let servedKind: GroupVersionKind
    /// The kind objects are stored as.
    public let storageKind: GroupVersionKind
    /// Whether objects may need converting: another version shares the storage location.
    public let converts: Bool
    /// Whether reads bring objects to the storage version before selectors, printers and the
    /// served version see them (built-in kinds); custom resources are read as stored.
    public let readsStorageVersion: Bool
    /// How objects change version.
    private let conversion: ObjectConversion

    /// The versioning of `definition`'s resource under `conversions` (built-in kinds) or its CRD.
    public init(_ definition: ResourceDefinition, conversions: VersionConversions) {
        self.servedKind = definition.groupVersionKind
        self.readsStorageVersion = definition.customResource == nil
        if let custom = definition.customResource {
            self.storageKind = GroupVersionKind(group: self.servedKind.group, version: custom.storageVersion, kind: self.servedKind.kind)
            self.converts = custom.versionCount > 1
        } else {
            self.storageKind = conversions.storageKind(for: self.servedKind)
            self.converts = conversions.sharesStorage(self.servedKind)
        }
        self.conversion = ObjectConversion(definition, conversions: conversions)
    }

    /// `objects` as `kind`'s version: those of it already untouched, the others converted together.
    private func convert(_ objects: [JSONValue], to kind: GroupVersionKind) async throws(StatusError) -> [JSONValue] {
        let apiVersion = kind.groupVersion.apiVersion
        var pending: [Int] = []
        for (index, object) in objects.enumerated() where object["apiVersion"]?.stringValue != apiVersion {
            pending.append(index)
        }
        guard !pending.isEmpty else { return objects }
        let converted = try await self.conversion.convert(pending.map { objects[$0] }, to: kind)
        var result = objects
        for (position, index) in pending.enumerated() {
            result[index] = converted[position]
        }
        return result
    }

    /// An object of any version sharing the storage, as the storage version; objects written
    /// while another version was the storage version (or before the conversions existed) are
    /// stored in that version, which their `apiVersion` tells.
    public func stored(_ object: JSONValue) async throws(StatusError) -> JSONValue {
        guard self.converts else { return object }
        return try await self.convert([object], to: self.storageKind)[0]
    }

    /// Objects of any version sharing the storage, as the storage version, converted together.
    public func stored(_ objects: [JSONValue]) async throws(StatusError) -> [JSONValue] {
        guard self.converts else { return objects }
        return try await self.convert(objects, to: self.storageKind)
    }

    /// An object of the served version (from a request body, whose `apiVersion` and `kind` may be
    /// missing) as the storage version.
    public func stored(fromServed object: JSONValue) async throws(StatusError) -> JSONValue {
        guard self.converts else { return object }
        var typed = object
        typed.apiVersion = self.servedKind.groupVersion.apiVersion
        typed.kind = self.servedKind.kind
        return try await self.convert([typed], to: self.storageKind)[0]
    }

    /// A stored object (of any version sharing the storage) as the served version.
    public func served(_ object: JSONValue) async throws(StatusError) -> JSONValue {
        guard self.converts else { return object }
        return try await self.convert([object], to: self.servedKind)[0]
    }

    /// Stored objects as the served version, converted together.
    public func served(_ objects: [JSONValue]) async throws(StatusError) -> [JSONValue] {
        guard self.converts else { return objects }
        return try await self.convert(objects, to: self.servedKind)
    }
}
