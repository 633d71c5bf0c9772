public import KubeModel
public import Logging
import CoreMetrics
import Foundation
public import ServiceLifecycle
import StoreCore

/// Counts the stored objects of every resource periodically into kube-apiserver's
/// `apiserver_storage_objects{resource}` gauge (`pods`, `deployments.apps`, …), one count-only
/// range per resource, as kube-apiserver refreshes it every minute.
public struct StorageObjectCounter: Service {
    private let objects: ObjectStore
    private let resources: [(label: String, prefix: Data)]
    private let interval: Duration
    private let logger: Logger

    /// Creates a counter for the catalog's resources; `interval` 0 disables it.
    public init(objects: ObjectStore, catalog: ResourceCatalog, interval: Duration, logger: Logger) {
        var seen = Set<String>()
        var resources: [(String, Data)] = []
        for definition in catalog.definitions {
            let path = definition.storagePath ?? definition.resource.resource
            guard seen.insert(path).inserted else { continue }
            let group = definition.resource.group
            let label = group.isEmpty ? definition.resource.resource : "\(definition.resource.resource).\(group)"
            resources.append((label, objects.collectionPrefix(definition, namespace: "")))
        }
        self.objects = objects
        self.resources = resources
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runRounds(every: self.interval, waitFirst: false, initial: (), failed: { _ in }) {
            try await self.countAll()
        }
    }

    /// Counts every resource once.
    func countAll() async throws {
        for (label, prefix) in self.resources {
            try Task.checkCancellation()
            do {
                let response = try await self.objects.store.range(RangeRequest(range: .prefix(prefix), countOnly: true))
                Gauge(label: "apiserver_storage_objects", dimensions: [("resource", label)]).record(response.count)
            } catch {
                self.logger.debug("counting stored objects failed", metadata: ["resource": "\(label)", "error": "\(error)"])
            }
        }
    }
}
