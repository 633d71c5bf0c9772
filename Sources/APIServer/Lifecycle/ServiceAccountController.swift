import KubeModel
import Logging

/// Gives every active namespace a `default` ServiceAccount and creates it again when it is
/// deleted: kube-controller-manager's service account controller (`serviceaccount-controller`).
/// Namespaces are looked at when they appear or change, when their `default` account is deleted,
/// and all at start.
struct ServiceAccountController: NamespaceContentController {
    let handler: ResourceHandler
    let queue: WorkQueue<String>
    let logger: Logger
    /// The account every namespace gets.
    static let accountName = "default"

    static func namespace(toCheck object: OwnerGraph.Node) -> String? {
        if object.apiVersion == "v1" && object.kind == "ServiceAccount" && object.name == Self.accountName { return object.namespace }
        return Self.activeNamespace(object)
    }

    /// Creates the namespace's `default` account when it is missing.
    func sync(_ namespace: String) async throws {
        guard let accounts = self.coreDefinition("serviceaccounts"),
            try await self.handler.existing(accounts, namespace: namespace, name: Self.accountName) == nil,
            try await self.isActive(namespace)
        else { return }
        self.logger.debug("service account controller creating the default account", metadata: ["k8s.namespace": "\(namespace)"])
        try await self.handler.controllerCreate(accounts, namespace: namespace, ["metadata": ["name": .string(Self.accountName)]])
    }
}
