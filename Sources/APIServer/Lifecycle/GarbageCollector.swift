import KubeModel
import Logging

/// Deletes the dependents whose owners are gone, orphans the dependents of owners deleted with
/// `Orphan`, and lets owners deleted with `Foreground` go once their blocking dependents are
/// gone: kube's garbage collector, over the ``OwnerGraph`` the registry reflector keeps.
///
/// Each uid the graph reports is looked at once: the live object is read, the owners the graph
/// does not know are read too (a namespaced dependent's owner in its own namespace, a
/// cluster-scoped owner at cluster scope; an owner whose uid differs from the reference counts as
/// gone), and the action is carried out through the API server's own delete and update paths.
/// Failures are retried with backoff.
struct GarbageCollector: Sendable {
    let handler: ResourceHandler
    let graph: SharedOwnerGraph
    let queue: WorkQueue<String>
    let logger: Logger

    /// Works through the queue until cancelled.
    func run() async {
        while let uid = await self.queue.next() {
            do {
                try await self.process(uid)
                self.queue.forget(uid)
            } catch {
                guard !Task.isCancelled else { return }
                self.logger.info("garbage collector will retry an object", metadata: ["k8s.uid": "\(uid)", "error": "\(error)"])
                self.queue.retry(uid)
            }
        }
    }

    /// Looks at one object.
    func process(_ uid: String) async throws {
        guard let node = self.graph.read({ $0.nodes[uid] }), node.beingDeleted || !node.owners.isEmpty else { return }
        let catalog = self.handler.catalog
        guard let kind = node.groupVersionKind, let definition = ResourceHandler.definition(kind, in: catalog) else { return }
        guard let live = try await self.handler.existing(definition, namespace: node.namespace, name: node.name),
            let item = OwnerGraph.Node(live), item.uid == uid
        else { return }
        if let action = self.graph.read({ GarbageCollectorAction.decideAsOwner(item, in: $0) }) {
            try await self.perform(action, on: live, definition, catalog)
            return
        }
        var owners: [(OwnerReference, OwnerState)] = []
        for reference in item.owners {
            owners.append((reference, try await self.state(of: reference, dependent: item, catalog)))
        }
        let hasDependents = self.graph.read { !$0.dependents(of: uid).isEmpty }
        try await self.perform(
            GarbageCollectorAction.decideAsDependent(item, owners: owners, hasDependents: hasDependents), on: live, definition, catalog
        )
    }

    /// How the owner a reference names stands: from the graph when it knows the owner, else read
    /// from the store.
    private func state(of reference: OwnerReference, dependent: OwnerGraph.Node, _ catalog: ResourceCatalog) async throws -> OwnerState {
        guard let kind = reference.groupVersionKind, let definition = ResourceHandler.definition(kind, in: catalog) else {
            return .unresolvable
        }
        if definition.namespaced && dependent.namespace.isEmpty {
            return .unresolvable
        }
        let namespace = definition.namespaced ? dependent.namespace : ""
        if let known = self.graph.read({ $0.nodes[reference.uid] }), known.namespace == namespace, known.name == reference.name {
            return known.deletingDependents ? .waitingForDependents : .solid
        }
        guard let owner = try await self.handler.existing(definition, namespace: namespace, name: reference.name),
            let found = OwnerGraph.Node(owner), found.uid == reference.uid
        else { return .dangling }
        return found.deletingDependents ? .waitingForDependents : .solid
    }

    private func perform(_ action: GarbageCollectorAction, on live: JSONValue, _ definition: ResourceDefinition, _ catalog: ResourceCatalog)
        async throws
    {
        let uid = live.metadataString("uid")
        var metadata: Logger.Metadata = [
            "k8s.resource": "\(definition.resource)", "k8s.namespace": "\(live.namespace)", "k8s.name": "\(live.name)", "k8s.uid": "\(uid)",
        ]
        switch action {
        case .none:
            return
        case .waitForDependents(let dependents):
            for dependent in dependents { self.queue.add(dependent) }
        case .delete(let policy):
            metadata["propagationPolicy"] = "\(policy.rawValue)"
            self.logger.info("garbage collector deleting an object whose owners are gone", metadata: metadata)
            try await self.handler.controllerDelete(definition, live, policy: policy)
        case .removeOwnerReferences(let owners):
            self.logger.info("garbage collector removing references to owners that are gone", metadata: metadata)
            try await self.removeReferences(to: owners, from: definition, live.namespace, live.name, uid: uid)
        case .removeFinalizer(let finalizer):
            metadata["finalizer"] = "\(finalizer)"
            self.logger.info("garbage collector removing a finalizer: no blocking dependent left", metadata: metadata)
            try await self.handler.controllerUpdate(definition, namespace: live.namespace, name: live.name, uid: uid) { object in
                object.setFinalizers(object.finalizers.filter { $0 != finalizer })
            }
        case .orphanDependents(let dependents):
            self.logger.info("garbage collector orphaning dependents", metadata: metadata.merging(["dependents": "\(dependents.count)"]) { $1 })
            for dependent in dependents {
                guard let node = self.graph.read({ $0.nodes[dependent] }), let kind = node.groupVersionKind,
                    let dependentDefinition = ResourceHandler.definition(kind, in: catalog)
                else { continue }
                try await self.removeReferences(to: [uid], from: dependentDefinition, node.namespace, node.name, uid: dependent)
            }
            try await self.handler.controllerUpdate(definition, namespace: live.namespace, name: live.name, uid: uid) { object in
                object.setFinalizers(object.finalizers.filter { $0 != PropagationPolicy.orphanFinalizer })
            }
        }
    }

    /// Drops the `ownerReferences` entries naming `owners` from an object.
    private func removeReferences(
        to owners: Set<String>, from definition: ResourceDefinition, _ namespace: String, _ name: String, uid: String
    ) async throws {
        try await self.handler.controllerUpdate(definition, namespace: namespace, name: name, uid: uid) { object in
            let kept = (object["metadata"]?["ownerReferences"]?.arrayValue ?? []).filter { reference in
                !owners.contains(reference["uid"]?.stringValue ?? "")
            }
            object["metadata"]?["ownerReferences"] = kept.isEmpty ? nil : .array(kept)
        }
    }
}
