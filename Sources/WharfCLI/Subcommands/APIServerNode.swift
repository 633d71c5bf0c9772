import APIServer
import Foundation
import KubeModel
import Logging
import Prometheus
import ServiceLifecycle
import StoreCore
import WharfRuntime

/// The API server assembled from its options over a store: the handler and its listener.
struct APIServerNode {
    let server: KubeAPIServer
    let compactor: StorageCompactor
    let objectCounter: StorageObjectCounter
    let watchCaches: WatchCaches
    let customResources: CustomResourceDefinitionController
    let admission: AdmissionControl
    let serviceAccounts: ServiceAccountCache
    let policyCache: RBACPolicyCache
    let controllers: LifecycleControllers
    let audit: AuditLog?

    init(
        store: any KeyValueStore, configuration: KubeAPIServerConfiguration, authenticator: Authenticator,
        registry: PrometheusCollectorRegistry, healthChecks: HealthChecks, logger: Logger
    ) {
        let objects = ObjectStore(store: store, prefix: configuration.etcdPrefix)
        let served = ServedResources(builtin: .builtin)
        self.audit = configuration.audit.map { AuditLog(configuration: $0, logger: logger) }
        self.policyCache = RBACPolicyCache(objects: objects, catalog: .builtin, logger: logger)
        let handler = KubeAPIHandler(
            served: served, objects: objects, authenticator: authenticator,
            authorizer: AuthorizerChain(modes: configuration.authorizationModes, cache: self.policyCache),
            observability: ObservabilityRouter(registry: registry, healthChecks: healthChecks),
            serviceNetwork: configuration.serviceClusterIPRange, nodePorts: configuration.serviceNodePortRange,
            eventTTLSeconds: configuration.eventTTL.components.seconds,
            kubernetesVersion: configuration.kubernetesVersion, controllers: configuration.controllers,
            admissionPlugins: configuration.admissionPlugins, audit: self.audit, logger: logger
        )
        self.server = KubeAPIServer(configuration: configuration, handler: handler, logger: logger)
        self.compactor = StorageCompactor(store: store, interval: configuration.compactionInterval, logger: logger)
        self.objectCounter = StorageObjectCounter(
            objects: objects, served: served, interval: configuration.storageObjectCountInterval, logger: logger
        )
        self.watchCaches = handler.watchCaches
        self.customResources = CustomResourceDefinitionController(objects: objects, served: served, logger: logger)
        self.admission = handler.admission
        self.serviceAccounts = handler.serviceAccounts
        self.controllers = handler.lifecycleControllers(rootCA: Self.rootCA(configuration, logger: logger), logger: logger)
    }

    /// The services to run, in start order: the audit log (stopped last, so it writes the events of
    /// the last requests), the watch caches, the CRD controller, admission control and the
    /// service accounts it and authentication read, the RBAC
    /// cache (it also aggregates ClusterRoles, so it runs whatever the authorization mode), the
    /// listener, the periodic compactor and object counter, the lifecycle controllers.
    var services: [any Service] {
        let audit: [any Service] = self.audit.map { [$0] } ?? []
        return audit + [
            self.watchCaches, self.customResources, self.admission, self.serviceAccounts, self.policyCache, self.server, self.compactor, self.objectCounter,
            self.controllers,
        ]
    }

    /// The root CA bundle the configuration names, or `nil` (logged) when there is none or it cannot be read.
    private static func rootCA(_ configuration: KubeAPIServerConfiguration, logger: Logger) -> String? {
        guard let path = configuration.rootCAFile else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            logger.warning("the root CA file cannot be read; kube-root-ca.crt is not published", metadata: ["file": "\(path)", "error": "\(error)"])
            return nil
        }
    }
}
