import Foundation
import KubeModel
import Logging
public import ServiceLifecycle

/// The controllers the API server runs in its own process (kube-controller-manager's namespace
/// controller, garbage collector and resource quota controller), as one `Service`: one
/// ``RegistryReflector`` keeps the ``OwnerGraph`` from a single store watch over the whole registry
/// (and tells the quota controller about quota writes and deletions), and each enabled controller
/// works through its own queue. Every write they make goes through the API server's delete and
/// update paths.
///
/// Several API servers on one store each run their controllers; their writes are guarded by uid
/// and revision preconditions, so doing the same step twice is harmless.
public struct LifecycleControllers: Service {
    let handler: ResourceHandler
    let selection: ControllerSelection
    let logger: Logger

    public func run() async throws {
        guard !self.selection.enabled.isEmpty else { return }
        let graph = SharedOwnerGraph()
        let collecting = self.selection.contains(.garbageCollector)
        let finalizing = self.selection.contains(.namespace)
        let counting = self.selection.contains(.resourceQuota)
        let collector = GarbageCollector(
            handler: self.handler, graph: graph,
            queue: WorkQueue(name: "garbage_collector_attempt_to_delete"), logger: self.logger
        )
        let namespaces = NamespaceController(
            handler: self.handler, queue: WorkQueue(name: "namespace"), logger: self.logger
        )
        let quotas = ResourceQuotaController(handler: self.handler, queue: WorkQueue(name: "resourcequota_primary"), logger: self.logger)
        let reflector = RegistryReflector(
            store: self.handler.objects.store, prefix: Data((self.handler.objects.prefix + "/").utf8), logger: self.logger
        )
        self.logger.info("lifecycle controllers starting", metadata: ["controllers": "\(self.selection.enabled.map(\.rawValue).sorted())"])
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await reflector.run { updates in
                        let changes = graph.apply(updates)
                        if collecting { for uid in changes.uids { collector.queue.add(uid) } }
                        if finalizing { for name in changes.namespaces { namespaces.queue.add(name) } }
                        if counting { quotas.observe(updates) }
                    }
                }
                if collecting { group.addTask { await collector.run() } }
                if finalizing { group.addTask { await namespaces.run() } }
                if counting { group.addTask { await quotas.run() } }
            }
        }
    }
}
