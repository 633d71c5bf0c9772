import Foundation
import KubeModel
import Logging

/// Empties terminating namespaces: deletes every object of every namespaced resource the catalog
/// lists (through the API server's delete path, so their own finalizers hold them), writes kube's
/// namespace conditions while content or finalizers remain, and once nothing is left removes the
/// `kubernetes` entry of `spec.finalizers` through the `finalize` subresource, which deletes the
/// namespace when no other finalizer holds it: kube's namespace controller.
struct NamespaceController: Sendable {
    let handler: ResourceHandler
    let queue: WorkQueue<String>
    let logger: Logger
    /// How soon a namespace whose content is still held by finalizers is looked at again (changes
    /// to its content also bring it back at once).
    static var recheckInterval: Duration { .seconds(2) }

    /// Works through the queue until cancelled.
    func run() async {
        while let name = await self.queue.next() {
            do {
                if try await self.process(name) {
                    self.queue.forget(name)
                } else {
                    self.queue.add(name, after: Self.recheckInterval)
                }
            } catch {
                guard !Task.isCancelled else { return }
                self.logger.info("namespace controller will retry a namespace", metadata: ["k8s.namespace": "\(name)", "error": "\(error)"])
                self.queue.retry(name)
            }
        }
    }

    /// Works on one namespace; `false` while content remains.
    func process(_ name: String) async throws -> Bool {
        let catalog = self.handler.catalog
        guard let namespaces = catalog.definition(for: NamespaceLifecycle.namespaces) else { return true }
        guard let namespace = try await self.handler.existing(namespaces, namespace: "", name: name),
            namespace.isBeingDeleted, namespace.namespaceFinalizers.contains(NamespaceLifecycle.finalizer) else { return true }
        let uid = namespace.metadataString("uid")

        var remaining: [String: Int] = [:]
        var finalizers: [String: Int] = [:]
        var failures: [String] = []
        for definition in Self.contentDefinitions(catalog) {
            let label = "\(definition.resource.resource).\(definition.resource.group)"
            for object in try await self.handler.objects.list(definition, namespace: name, options: ListOptions()).objects() {
                var left: JSONValue? = object
                if !object.isBeingDeleted {
                    do {
                        left = try await self.handler.controllerDelete(definition, object, policy: .background)
                    } catch let error as StatusError where error.code == 409 {
                        // Changed meanwhile: counted as remaining, deleted on the next pass.
                    } catch {
                        failures.append(label)
                    }
                }
                guard let left else { continue }
                remaining[label, default: 0] += 1
                for finalizer in left.finalizers { finalizers[finalizer, default: 0] += 1 }
            }
        }
        let conditions = NamespaceConditions.conditions(
            remaining: remaining, finalizers: finalizers, failures: failures,
            previous: namespace["status"]?["conditions"]?.arrayValue ?? [], now: ObjectRules.timestamp(Date())
        )
        try await self.handler.controllerUpdate(namespaces, namespace: "", name: name, uid: uid, subresource: "status") { object in
            object["status"]?["conditions"] = .array(conditions)
        }
        guard remaining.isEmpty else { return false }
        self.logger.info("namespace controller finalizing an empty namespace", metadata: ["k8s.namespace": "\(name)"])
        try await self.handler.controllerUpdate(namespaces, namespace: "", name: name, uid: uid, subresource: "finalize") { object in
            let kept = object.namespaceFinalizers.filter { $0 != NamespaceLifecycle.finalizer }
            object["spec"]?["finalizers"] = .array(kept.map { .string($0) })
        }
        return true
    }

    /// The namespaced resources of the catalog, one definition per storage location.
    static func contentDefinitions(_ catalog: ResourceCatalog) -> [ResourceDefinition] {
        var seen = Set<String>()
        return catalog.definitions.filter { definition in
            guard definition.namespaced, let path = definition.storagePath else { return false }
            return seen.insert(path).inserted
        }
    }
}
