/// Converts the objects of one kind between the version they are stored in and another version
/// served over the same storage location, as kube-apiserver does for events (`v1` and
/// `events.k8s.io/v1`) and horizontal pod autoscalers (`autoscaling/v2` and `autoscaling/v1`).
///
/// Both directions take an object of the source version (`apiVersion` and `kind` set) and answer
/// one of the target version, with the target's `apiVersion` and `kind`. Fields the target version
/// has no place for are dropped, as Kubernetes' own conversions drop them; fields it keeps in
/// annotations (an HPA's metrics in `autoscaling/v1`) come back on the way in.
public protocol VersionConverter: Sendable {
    /// The kind as stored (`v1, Kind=Event`).
    var storageKind: GroupVersionKind { get }
    /// The other kind served over the same storage (`events.k8s.io/v1, Kind=Event`).
    var servedKind: GroupVersionKind { get }
    /// An object of ``servedKind`` as ``storageKind``.
    func toStorage(_ object: JSONValue) -> JSONValue
    /// An object of ``storageKind`` as ``servedKind``.
    func fromStorage(_ object: JSONValue) -> JSONValue
}
