import KubeModel

/// The namespaces every cluster has from the start, created by the API server when missing.
enum SystemNamespaces {
    static let names = ["default", "kube-system", "kube-public", "kube-node-lease"]

    /// Creates each missing system namespace; existing ones are left alone.
    static func ensure(in objects: ObjectStore, catalog: ResourceCatalog) async throws(StatusError) {
        guard let definition = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "namespaces")) else {
            return
        }
        for name in Self.names {
            var namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
            try ObjectRules.prepareForCreate(&namespace, definition, requestNamespace: "")
            do {
                _ = try await objects.create(definition, namespace)
            } catch where error.code == 409 {
                continue
            }
        }
    }
}
