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
    private let served: ServedResources
    private let interval: Duration
    private let logger: Logger

    /// Creates a counter for the served resources (custom ones included); `interval` 0 disables it.
    public init(objects: ObjectStore, served: ServedResources, interval: Duration, logger: Logger) {
        self.objects = objects
        self.served = served
        self.interval = interval
        self.logger = logger
    }

    /// Each stored collection once, with its metric label (`pods`, `deployments.apps`).
    private var resources: [(label: String, prefix: Data)] {
        var seen = Set<String>()
        var resources: [(String, Data)] = []
        for definition in self.served.catalog.definitions {
            guard let path = definition.storagePath, seen.insert(path).inserted else { continue }
            let group = definition.resource.group
            let label = group.isEmpty ? definition.resource.resource : "\(definition.resource.resource).\(group)"
            resources.append((label, self.objects.collectionPrefix(definition, namespace: "")))
        }
        return resources
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
