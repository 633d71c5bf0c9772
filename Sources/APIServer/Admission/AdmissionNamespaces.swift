import KubeModel

/// The namespaces admission reads: their labels for namespace selectors, and the whole object
/// for a ValidatingAdmissionPolicy's `namespaceObject`.
struct AdmissionNamespaces: Sendable {
    private let objects: ObjectStore
    private let namespaces: ResourceDefinition

    init(objects: ObjectStore, catalog: ResourceCatalog) {
        self.objects = objects
        self.namespaces = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "namespaces"))!
    }

    /// The attributes with their namespace's labels (a namespace's own labels when the object is
    /// one), and the namespace object of a namespaced request (`nil` for cluster-scoped ones,
    /// namespaces included, and when it does not exist).
    func resolve(_ attributes: AdmissionAttributes) async -> (attributes: AdmissionAttributes, namespace: JSONValue?) {
        var attributes = attributes
        if attributes.definition.resource.group.isEmpty && attributes.definition.kind == "Namespace" {
            attributes.namespaceLabels = (attributes.object ?? attributes.oldObject)?.labels ?? [:]
            return (attributes, nil)
        }
        guard attributes.definition.namespaced else { return (attributes, nil) }
        let namespace = try? await self.objects.get(self.namespaces, namespace: "", name: attributes.namespace)
        attributes.namespaceLabels = namespace?.labels ?? [:]
        return (attributes, namespace)
    }
}
