import KubeModel
import Logging

/// A controller that keeps objects of given names in every active namespace (the service
/// account controller, the root CA publisher): it is told which namespaces to look at from the
/// registry's changes and works through a queue of namespace names, retrying failures with backoff.
protocol NamespaceContentController: Sendable {
    var handler: ResourceHandler { get }
    var queue: WorkQueue<String> { get }
    var logger: Logger { get }

    /// The namespace a written or removed object asks this controller to look at, if any.
    static func namespace(toCheck object: OwnerGraph.Node) -> String?

    /// Makes one namespace hold what it should.
    func sync(_ namespace: String) async throws
}

extension NamespaceContentController {
    /// Queues the namespaces a batch of registry changes asks for.
    func notice(_ changes: OwnerGraph.Changes) {
        for object in changes.objects {
            if let namespace = Self.namespace(toCheck: object) { self.queue.add(namespace) }
        }
    }

    /// The namespace a namespace object itself asks to look at: its own name, unless it is being deleted.
    static func activeNamespace(_ object: OwnerGraph.Node) -> String? {
        object.isNamespace && !object.beingDeleted ? object.name : nil
    }

    /// Works through the queue until cancelled.
    func run() async {
        while let namespace = await self.queue.next() {
            do {
                try await self.sync(namespace)
                self.queue.forget(namespace)
            } catch {
                guard !Task.isCancelled else { return }
                self.logger.info(
                    "lifecycle controller will retry a namespace",
                    metadata: ["controller": "\(Self.self)", "k8s.namespace": "\(namespace)", "error": "\(error)"]
                )
                self.queue.retry(namespace)
            }
        }
    }

    /// Whether the namespace exists and is active (neither being deleted nor `Terminating`):
    /// kube's controllers create nothing in other namespaces.
    func isActive(_ namespace: String) async throws -> Bool {
        guard let namespaces = self.handler.catalog.definition(for: NamespaceLifecycle.namespaces),
            let current = try await self.handler.existing(namespaces, namespace: "", name: namespace)
        else { return false }
        return !current.isBeingDeleted && current["status"]?["phase"]?.stringValue != NamespaceLifecycle.terminating
    }

    /// The core `v1` definition of `resource`.
    func coreDefinition(_ resource: String) -> ResourceDefinition? {
        self.handler.catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: resource))
    }
}
