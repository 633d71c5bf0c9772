import Foundation
public import KubeModel
public import Logging
public import ServiceLifecycle
import StoreCore

/// Serves the resources of CustomResourceDefinitions, as kube-apiserver's apiextensions controllers
/// do: it watches the stored CRDs, checks each one's names against the resources already served,
/// writes its `status` (`acceptedNames`, the `NamesAccepted` and `Established` conditions,
/// `storedVersions`), adds the cleanup finalizer, and publishes the served versions to
/// ``ServedResources``, so a new CRD is served, discoverable and in OpenAPI as soon as the store's
/// watch delivers it. A CRD being deleted has its objects deleted first (objects with finalizers
/// are marked and waited for); then its finalizer goes, the CRD with it, and its resources stop
/// being served.
///
/// Several API servers on one store may all run it: every write is guarded by the CRD's revision,
/// and they compute the same status.
public struct CustomResourceDefinitionController: Service {
    private let objects: ObjectStore
    private let served: ServedResources
    private let logger: Logger
    private let definitions: ResourceDefinition

    /// How long to wait before listing again after the store's watch ended or failed.
    private static let retryInterval: Duration = .seconds(1)

    /// Creates the controller for the CRDs stored in `objects`.
    public init(objects: ObjectStore, served: ServedResources, logger: Logger) {
        self.objects = objects
        self.served = served
        self.logger = logger
        self.definitions = served.builtinCatalog.definition(
            for: GroupVersionResource(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions")
        )!
    }

    /// Lists and reconciles every CRD, then follows the store's changes (after a store failure it
    /// lists again); beside that, looks at terminating CRDs every second, since the removal of their
    /// objects' finalizers is not a change to the CRD. Returns at graceful shutdown.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    while true {
                        do {
                            try await self.listAndWatch()
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            self.logger.info("custom resource definitions: store watch ended", metadata: ["error": "\(error)"])
                        }
                        try await Task.sleep(for: Self.retryInterval)
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: Self.retryInterval)
                        try? await self.reconcileTerminating()
                    }
                }
            }
        }
    }

    private func reconcileTerminating() async throws {
        let listed = try await self.objects.list(self.definitions, namespace: "", options: ListOptions())
        for item in listed.items {
            let object = try item.object()
            guard !object.metadataString("deletionTimestamp").isEmpty else { continue }
            await self.reconcile(object, key: item.stored.key, modRevision: item.stored.modRevision)
        }
    }

    /// Reconciles every stored CRD once and stops serving those no longer stored; returns the
    /// revision of the listing.
    func reconcileAll() async throws -> Revision {
        let listed = try await self.objects.list(self.definitions, namespace: "", options: ListOptions())
        var present = Set<String>()
        for item in listed.items {
            let object = try item.object()
            present.insert(object.name)
            await self.reconcile(object, key: item.stored.key, modRevision: item.stored.modRevision)
        }
        for name in self.served.customDefinitionNames.subtracting(present) {
            self.served.setCustomResources([], forDefinition: name)
        }
        return listed.revision
    }

    private func listAndWatch() async throws {
        let revision = try await self.reconcileAll()
        let prefix = self.objects.collectionPrefix(self.definitions, namespace: "")
        let session = self.objects.store.openWatchSession()
        defer { session.close() }
        session.create(WatchCreateRequest(range: .prefix(prefix), startRevision: revision + 1))
        try await withTaskCancellationHandler {
            for await batch in session.responses {
                for response in batch {
                    if response.canceled { return }
                    for event in response.events {
                        try Task.checkCancellation()
                        switch event.kind {
                        case .put:
                            let object = try ObjectStore.decode(event.kv)
                            await self.reconcile(object, key: event.kv.key, modRevision: event.kv.modRevision)
                        case .delete:
                            let name = String(decoding: event.kv.key.split(separator: UInt8(ascii: "/")).last ?? [], as: UTF8.self)
                            self.served.setCustomResources([], forDefinition: name)
                        }
                    }
                }
            }
        } onCancel: {
            session.close()
        }
    }

    /// Brings one CRD's status, finalizer and served resources up to date.
    private func reconcile(_ object: JSONValue, key: Data, modRevision: Revision) async {
        let crd: CustomResourceDefinition
        do {
            crd = try CustomResourceDefinition(object)
        } catch {
            self.logger.info("custom resource definition is invalid; not serving it", metadata: ["crd": "\(object.name)", "error": "\(error.message)"])
            self.served.setCustomResources([], forDefinition: object.name)
            return
        }
        do {
            if !object.metadataString("deletionTimestamp").isEmpty {
                try await self.finishDeletion(crd, object, key: key, modRevision: modRevision)
                return
            }
            let conflict = self.nameConflict(crd)
            var updated = object
            updated["status"] = Self.status(of: crd, current: object["status"], conflict: conflict)
            if conflict == nil {
                var finalizers = object["metadata"]?["finalizers"]?.arrayValue ?? []
                if !finalizers.contains(.string(CustomResourceDefinition.cleanupFinalizer)) {
                    finalizers.append(.string(CustomResourceDefinition.cleanupFinalizer))
                    updated["metadata"]?["finalizers"] = .array(finalizers)
                }
                self.served.setCustomResources(crd.resourceDefinitions(), forDefinition: crd.name)
            } else {
                self.served.setCustomResources([], forDefinition: crd.name)
            }
            if updated != object {
                _ = try await self.objects.replace(key: key, modRevision: modRevision, with: updated)
            }
        } catch {
            self.logger.info("custom resource definition not reconciled", metadata: ["crd": "\(crd.name)", "error": "\(error)"])
        }
    }

    /// Why `crd`'s names cannot be accepted: another served resource of its group already uses its
    /// plural, kind or a short name; `nil` when they are free.
    private func nameConflict(_ crd: CustomResourceDefinition) -> (reason: String, message: String)? {
        let others = self.served.catalog.definitions.filter {
            $0.resource.group == crd.group && $0.customResource?.definitionName != crd.name
        }
        if others.contains(where: { $0.resource.resource == crd.names.plural }) {
            return ("PluralConflict", "\"\(crd.names.plural)\" is already in use")
        }
        if others.contains(where: { $0.kind == crd.names.kind }) {
            return ("KindConflict", "\"\(crd.names.kind)\" is already in use")
        }
        let allOthers = self.served.catalog.definitions.filter { $0.customResource?.definitionName != crd.name }
        for shortName in crd.names.shortNames where allOthers.contains(where: { $0.shortNames.contains(shortName) }) {
            return ("ShortNamesConflict", "\"\(shortName)\" is already in use")
        }
        return nil
    }

    /// The status kube-apiserver's controllers give a CRD: accepted names and conditions, keeping a
    /// condition's `lastTransitionTime` while its status stays the same.
    static func status(of crd: CustomResourceDefinition, current: JSONValue?, conflict: (reason: String, message: String)?) -> JSONValue {
        let previous = current?["conditions"]?.arrayValue ?? []
        func condition(_ type: String, _ accepted: Bool, _ reason: String, _ message: String) -> JSONValue {
            let status: JSONValue = accepted ? "True" : "False"
            let old = previous.first { $0["type"]?.stringValue == type }
            let since = old?["status"] == status ? old?["lastTransitionTime"] : nil
            return [
                "type": .string(type), "status": status,
                "lastTransitionTime": since ?? .string(ObjectRules.timestamp(Date())),
                "reason": .string(reason), "message": .string(message),
            ]
        }
        let accepted = conflict == nil
        let conditions: [JSONValue] = [
            condition("NamesAccepted", accepted, conflict?.reason ?? "NoConflicts", conflict?.message ?? "no conflicts found"),
            condition("Established", accepted, accepted ? "InitialNamesAccepted" : "NotAccepted",
                      accepted ? "the initial names have been accepted" : "not all names are accepted"),
        ]
        var stored = (current?["storedVersions"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !stored.contains(crd.storageVersion) { stored.append(crd.storageVersion) }
        return [
            "conditions": .array(conditions),
            "acceptedNames": accepted ? crd.names.json : (current?["acceptedNames"] ?? ["plural": "", "kind": ""]),
            "storedVersions": .array(stored.map(JSONValue.string)),
        ]
    }

    /// Deletes a terminating CRD's objects; once none is left, removes its finalizer (and so the CRD).
    private func finishDeletion(_ crd: CustomResourceDefinition, _ object: JSONValue, key: Data, modRevision: Revision) async throws {
        guard let storage = crd.resourceDefinitions().first ?? Self.storageOnly(crd) else { return }
        let remaining = try await self.objects.list(storage, namespace: "", options: ListOptions())
        var waiting = 0
        for item in remaining.items {
            let instance = try item.object()
            let finalizers = instance["metadata"]?["finalizers"]?.arrayValue ?? []
            if finalizers.isEmpty {
                _ = try await self.objects.remove(key: item.stored.key, modRevision: item.stored.modRevision)
                continue
            }
            waiting += 1
            if instance.metadataString("deletionTimestamp").isEmpty {
                var marked = instance
                marked.setMetadataString("deletionTimestamp", ObjectRules.timestamp(Date()))
                marked["metadata"]?["deletionGracePeriodSeconds"] = .integer(0)
                _ = try await self.objects.replace(key: item.stored.key, modRevision: item.stored.modRevision, with: marked)
            }
        }
        guard waiting == 0 else {
            // Objects with finalizers are pending; the terminating sweep looks again.
            return
        }
        let finalizers = (object["metadata"]?["finalizers"]?.arrayValue ?? []).filter {
            $0 != .string(CustomResourceDefinition.cleanupFinalizer)
        }
        if finalizers.isEmpty {
            _ = try await self.objects.remove(key: key, modRevision: modRevision)
            self.served.setCustomResources([], forDefinition: crd.name)
        } else {
            var updated = object
            updated["metadata"]?["finalizers"] = .array(finalizers)
            _ = try await self.objects.replace(key: key, modRevision: modRevision, with: updated)
        }
    }

    /// A definition that reaches a CRD's stored objects when it serves no version any more.
    private static func storageOnly(_ crd: CustomResourceDefinition) -> ResourceDefinition? {
        var unserved = crd
        unserved.versions = unserved.versions.map { version in
            var served = version
            served.served = true
            return served
        }
        return unserved.resourceDefinitions().first
    }
}
