import KubeModel

/// One entry of `metadata.ownerReferences`.
struct OwnerReference: Sendable, Hashable {
    var apiVersion: String
    var kind: String
    var name: String
    var uid: String
    /// Whether a foreground deletion of the owner waits for this dependent.
    var blockOwnerDeletion: Bool

    /// The owner's group, version and kind, or `nil` for a malformed `apiVersion`.
    var groupVersionKind: GroupVersionKind? {
        Self.groupVersionKind(apiVersion: self.apiVersion, kind: self.kind)
    }

    /// The group, version and kind an `apiVersion` and `kind` name.
    static func groupVersionKind(apiVersion: String, kind: String) -> GroupVersionKind? {
        GroupVersion(apiVersion: apiVersion).map { GroupVersionKind(group: $0.group, version: $0.version, kind: kind) }
    }

    /// The references of an object; entries without a uid are skipped.
    static func all(of object: JSONValue) -> [OwnerReference] {
        (object["metadata"]?["ownerReferences"]?.arrayValue ?? []).compactMap { entry in
            guard let uid = entry["uid"]?.stringValue, !uid.isEmpty else { return nil }
            return OwnerReference(
                apiVersion: entry["apiVersion"]?.stringValue ?? "", kind: entry["kind"]?.stringValue ?? "",
                name: entry["name"]?.stringValue ?? "", uid: uid, blockOwnerDeletion: entry["blockOwnerDeletion"]?.boolValue ?? false
            )
        }
    }
}
