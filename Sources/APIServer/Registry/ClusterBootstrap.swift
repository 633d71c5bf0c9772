import KubeModel
import StoreCore

/// What every cluster has from the start, created by the API server when missing: the system
/// namespaces, the `default/kubernetes` Service with its Endpoints pointing at this server, and
/// the default RBAC roles and bindings (``BootstrapPolicy``).
struct ClusterBootstrap {
    static let namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

    let handler: ResourceHandler

    /// Creates each missing object; existing ones are left alone.
    ///
    /// - Parameters:
    ///   - address: The IP clients reach this API server at.
    ///   - port: Its port.
    func ensure(address: String, port: Int) async throws {
        for name in Self.namespaces {
            try await self.createIfMissing("namespaces", ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        }
        let ports: JSONValue = [["name": "https", "port": 443, "protocol": "TCP", "targetPort": .integer(Int64(port))]]
        try await self.createIfMissing("services", [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["component": "apiserver", "provider": "kubernetes"]],
            "spec": ["clusterIP": .string(self.handler.addresses.apiServerServiceIP), "ports": ports, "sessionAffinity": "None", "type": "ClusterIP"],
        ])
        try await self.createIfMissing("endpoints", [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["endpointslice.kubernetes.io/skip-mirror": "true"]],
            "subsets": [[
                "addresses": [["ip": .string(address)]],
                "ports": [["name": "https", "port": .integer(Int64(port)), "protocol": "TCP"]],
            ]],
        ])
        for role in BootstrapPolicy.clusterRoles {
            try await self.createIfMissing("clusterroles", role, group: "rbac.authorization.k8s.io")
        }
        for binding in BootstrapPolicy.clusterRoleBindings {
            try await self.createIfMissing("clusterrolebindings", binding, group: "rbac.authorization.k8s.io")
        }
    }

    private func createIfMissing(_ resource: String, _ object: JSONValue, group: String = "") async throws {
        let resource = GroupVersionResource(group: group, version: "v1", resource: resource)
        guard let definition = self.handler.catalog.definition(for: resource) else {
            return
        }
        var prepared = object
        try ObjectRules.prepareForCreate(&prepared, definition, requestNamespace: object.namespace)
        do {
            if ResourceHandler.isCoreService(definition) {
                _ = try await self.handler.createService(definition, prepared, dryRun: false)
            } else {
                _ = try await self.handler.objects.create(definition, prepared)
            }
        } catch let error as StatusError where error.reason == "AlreadyExists" {
            if resource.group == "rbac.authorization.k8s.io" { try await self.reconcile(definition, object) }
        }
    }

    /// Brings a stored default RBAC object up to date (``BootstrapPolicy/reconciled(_:with:)``);
    /// a concurrent change wins, and the next start tries again.
    private func reconcile(_ definition: ResourceDefinition, _ wanted: JSONValue) async throws {
        let key = self.handler.objects.key(definition, namespace: wanted.namespace, name: wanted.name)
        guard let stored = try await self.handler.objects.current(key),
            let updated = BootstrapPolicy.reconciled(try ObjectStore.decode(stored), with: wanted)
        else { return }
        _ = try await self.handler.objects.replace(key: key, modRevision: stored.modRevision, with: updated)
    }
}
