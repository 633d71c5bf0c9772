import KubeModel

/// The `scale` subresource (autoscaling/v1 `Scale`) of deployments, replica sets, stateful sets,
/// replication controllers and custom resources: a view of the desired and observed replicas and the
/// selector (for custom resources, at the paths their CRD names).
enum ScaleSubresource {
    /// The `Scale` view of an object.
    static func scale(of object: JSONValue, paths: CustomResourceScale? = nil) -> JSONValue {
        if let paths { return Self.customScale(of: object, paths: paths) }
        var metadata = JSONObject()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            let value = object.metadataString(field)
            if !value.isEmpty { metadata[field] = .string(value) }
        }
        var status: JSONObject = ["replicas": .integer(object["status"]?["replicas"]?.integerValue ?? 0)]
        let selector = Self.selectorString(object["spec"]?["selector"])
        if !selector.isEmpty { status["selector"] = .string(selector) }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(metadata),
            "spec": ["replicas": .integer(object["spec"]?["replicas"]?.integerValue ?? 0)], "status": .object(status),
        ]
    }

    /// The `Scale` of a custom resource, read at its CRD's paths.
    private static func customScale(of object: JSONValue, paths: CustomResourceScale) -> JSONValue {
        var metadata = JSONObject()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            let value = object.metadataString(field)
            if !value.isEmpty { metadata[field] = .string(value) }
        }
        let replicas = SimpleJSONPath(paths.specReplicasPath).firstValue(in: object)?.integerValue ?? 0
        var status: JSONObject = ["replicas": .integer(SimpleJSONPath(paths.statusReplicasPath).firstValue(in: object)?.integerValue ?? 0)]
        if let selectorPath = paths.labelSelectorPath, let selector = SimpleJSONPath(selectorPath).firstValue(in: object)?.stringValue {
            status["selector"] = .string(selector)
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(metadata),
            "spec": ["replicas": .integer(replicas)], "status": .object(status),
        ]
    }

    /// Writes a changed `Scale` back into the object: only the desired replicas move (`spec.replicas`,
    /// or a custom resource's `specReplicasPath`).
    static func apply(
        _ scale: JSONValue, to object: JSONValue, kind: GroupVersionKind, paths: CustomResourceScale? = nil
    ) throws(StatusError) -> JSONValue {
        guard let replicas = scale["spec"]?["replicas"]?.integerValue else {
            return object
        }
        guard replicas >= 0 else {
            throw .invalid(kind: GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"), name: object.name, causes: [
                .invalid("spec.replicas", number: replicas, "must be greater than or equal to 0")
            ])
        }
        var updated = object
        if let paths {
            SimpleJSONPath.set(.integer(replicas), at: paths.specReplicasPath, in: &updated)
        } else {
            updated["spec"]?["replicas"] = .integer(replicas)
        }
        return updated
    }

    /// A label selector object (`matchLabels`, `matchExpressions`) in string form, its
    /// requirements sorted by key as Go's `labels.Selector` sorts them; replication controllers
    /// keep a plain map.
    static func selectorString(_ selector: JSONValue?) -> String {
        guard let selector = selector?.objectValue else { return "" }
        let isStructured = selector["matchLabels"] != nil || selector["matchExpressions"] != nil
        var clauses: [(key: String, text: String)] = []
        let labels = isStructured ? selector["matchLabels"]?.objectValue ?? JSONObject() : selector
        for member in labels {
            if let value = member.value.stringValue { clauses.append((member.key, "\(member.key)=\(value)")) }
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] where isStructured {
            guard let key = expression["key"]?.stringValue, let op = expression["operator"]?.stringValue else { continue }
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch op {
            case "In": clauses.append((key, "\(key) in (\(values))"))
            case "NotIn": clauses.append((key, "\(key) notin (\(values))"))
            case "Exists": clauses.append((key, key))
            case "DoesNotExist": clauses.append((key, "!\(key)"))
            default: continue
            }
        }
        let sorted = clauses.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
        return sorted.map(\.element.text).joined(separator: ",")
    }
}
