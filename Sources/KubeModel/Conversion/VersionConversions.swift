/// The conversions between API versions that share one storage location: which version a kind is
/// stored in, and how to turn an object of one version into another.
///
/// ```swift
/// let conversions = VersionConversions.builtin
/// let storageKind = conversions.storageKind(for: eventsV1Event)   // v1, Kind=Event
/// let served = conversions.convert(stored, to: eventsV1Event)      // regarding, note, …
/// ```
public struct VersionConversions: Sendable {
    /// Converters by the served (non-storage) kind.
    private let converters: [GroupVersionKind: any VersionConverter]
    /// The storage kind of every kind that shares storage, the storage kinds themselves included.
    private let storageKinds: [GroupVersionKind: GroupVersionKind]

    /// Creates a table; each converter adds one served kind to its storage kind.
    public init(_ converters: [any VersionConverter]) {
        var byServedKind: [GroupVersionKind: any VersionConverter] = [:]
        var storageKinds: [GroupVersionKind: GroupVersionKind] = [:]
        for converter in converters {
            byServedKind[converter.servedKind] = converter
            storageKinds[converter.servedKind] = converter.storageKind
            storageKinds[converter.storageKind] = converter.storageKind
        }
        self.converters = byServedKind
        self.storageKinds = storageKinds
    }

    /// The conversions kube-apiserver performs for the built-in kinds Wharf serves: events are
    /// stored as core `v1`, horizontal pod autoscalers as `autoscaling/v2`.
    public static let builtin = VersionConversions([EventVersionConverter(), HorizontalPodAutoscalerVersionConverter()])

    /// The kind objects of `kind` are stored as: `kind` itself unless another version shares its storage.
    public func storageKind(for kind: GroupVersionKind) -> GroupVersionKind {
        self.storageKinds[kind] ?? kind
    }

    /// Whether objects of `kind` may be stored in (or converted from) another version.
    public func sharesStorage(_ kind: GroupVersionKind) -> Bool {
        self.storageKinds[kind] != nil
    }

    /// `object` as `target`: unchanged when it already is one, or when its `apiVersion` and `kind`
    /// name no version that shares storage with `target`; otherwise converted, through the storage
    /// version when neither end is it.
    public func convert(_ object: JSONValue, to target: GroupVersionKind) -> JSONValue {
        guard let storageKind = self.storageKinds[target],
            let apiVersion = object.apiVersion, let groupVersion = GroupVersion(apiVersion: apiVersion),
            let kind = object.kind
        else { return object }
        let source = GroupVersionKind(group: groupVersion.group, version: groupVersion.version, kind: kind)
        guard source != target, self.storageKinds[source] == storageKind else { return object }
        var converted = object
        if source != storageKind, let converter = self.converters[source] {
            converted = converter.toStorage(converted)
        }
        if target != storageKind, let converter = self.converters[target] {
            converted = converter.fromStorage(converted)
        }
        return converted
    }
}
