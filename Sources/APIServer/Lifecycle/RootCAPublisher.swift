import KubeModel
import Logging

/// Publishes the cluster CA bundle as the ConfigMap `kube-root-ca.crt` (data `ca.crt`, with
/// kube's `kubernetes.io/description` annotation) in every active namespace, and restores it when
/// it is deleted or changed: kube-controller-manager's root CA certificate publisher
/// (`root-ca-certificate-publisher-controller`). Pods read it through the projected volume the
/// ServiceAccount admission plugin adds.
struct RootCAPublisher: NamespaceContentController {
    let handler: ResourceHandler
    let queue: WorkQueue<String>
    let logger: Logger
    /// The PEM bundle published (`--root-ca-file`).
    let rootCA: String

    /// The ConfigMap's name.
    static let configMapName = "kube-root-ca.crt"
    /// The key the bundle is stored under.
    static let dataKey = "ca.crt"
    static let descriptionAnnotation = "kubernetes.io/description"
    /// The annotation's value, as kube writes it.
    static let description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    static func namespace(toCheck object: OwnerGraph.Node) -> String? {
        if object.apiVersion == "v1" && object.kind == "ConfigMap" && object.name == Self.configMapName { return object.namespace }
        return Self.activeNamespace(object)
    }

    /// Creates the ConfigMap when it is missing, and puts back its data and annotation when they differ.
    func sync(_ namespace: String) async throws {
        guard let configMaps = self.coreDefinition("configmaps") else { return }
        let data: JSONValue = [Self.dataKey: .string(self.rootCA)]
        guard let current = try await self.handler.existing(configMaps, namespace: namespace, name: Self.configMapName) else {
            guard try await self.isActive(namespace) else { return }
            self.logger.debug("root CA publisher creating the CA config map", metadata: ["k8s.namespace": "\(namespace)"])
            let object: JSONValue = [
                "metadata": ["name": .string(Self.configMapName), "annotations": [Self.descriptionAnnotation: .string(Self.description)]],
                "data": data,
            ]
            try await self.handler.controllerCreate(configMaps, namespace: namespace, object)
            return
        }
        let described = !(current["metadata"]?["annotations"]?[Self.descriptionAnnotation]?.stringValue ?? "").isEmpty
        guard current["data"] != data || !described, !current.isBeingDeleted else { return }
        self.logger.debug("root CA publisher restoring the CA config map", metadata: ["k8s.namespace": "\(namespace)"])
        try await self.handler.controllerUpdate(
            configMaps, namespace: namespace, name: Self.configMapName, uid: current.metadataString("uid")
        ) { object in
            var annotations = object["metadata"]?["annotations"] ?? [:]
            annotations[Self.descriptionAnnotation] = .string(Self.description)
            object["metadata"]?["annotations"] = annotations
            object["data"] = data
        }
    }
}
