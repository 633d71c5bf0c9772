import Foundation
import KubeModel
import Logging
public import ServiceLifecycle

/// The controllers the API server runs in its own process (kube-controller-manager's namespace
/// controller, garbage collector, resource quota controller, service account controller and root
/// CA publisher), as one `Service`: one ``RegistryReflector`` keeps the ``OwnerGraph`` from a
/// single store watch over the whole registry (and tells the quota controller about quota writes
/// and deletions), and each enabled controller works through its own queue. Every write they make
/// goes through the API server's create, delete and update paths.
///
/// Several API servers on one store each run their controllers; their writes are guarded by uid
/// and revision preconditions, so doing the same step twice is harmless.
public struct LifecycleControllers: Service {
    let handler: ResourceHandler
    let selection: ControllerSelection
    /// The CA bundle the root CA publisher publishes; without one it does not run.
    let rootCA: String?
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
        let namespaceContent = self.namespaceContentControllers()
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
                        for controller in namespaceContent { controller.notice(changes) }
                        if counting { quotas.observe(updates) }
                    }
                }
                for controller in namespaceContent { group.addTask { await controller.run() } }
                if collecting { group.addTask { await collector.run() } }
                if finalizing { group.addTask { await namespaces.run() } }
                if counting { group.addTask { await quotas.run() } }
            }
        }
    }

    /// The enabled controllers that keep objects in every namespace; the root CA publisher only
    /// with a CA bundle (said once in the log otherwise).
    private func namespaceContentControllers() -> [any NamespaceContentController] {
        var controllers: [any NamespaceContentController] = []
        if self.selection.contains(.serviceAccount) {
            controllers.append(ServiceAccountController(handler: self.handler, queue: WorkQueue(name: "serviceaccount"), logger: self.logger))
        }
        if self.selection.contains(.rootCACertificatePublisher) {
            if let rootCA = self.rootCA {
                controllers.append(
                    RootCAPublisher(handler: self.handler, queue: WorkQueue(name: "root_ca_cert_publisher"), logger: self.logger, rootCA: rootCA)
                )
            } else {
                self.logger.info("root CA certificate publisher not started: no root CA bundle (--root-ca-file or --client-ca-file)")
            }
        }
        return controllers
    }
}
