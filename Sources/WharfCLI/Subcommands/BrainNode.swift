import BrainEngine
import EtcdService
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import StoreCore
import WharfRuntime

/// One brain member assembled from flags: the engine, the etcd API in front of it and its health
/// checks. Shared by `wharf brain` and `wharf up`.
struct BrainNode {
    let store: BrainStore
    let server: EtcdServer
    let member: EtcdMember
    let healthChecks = HealthChecks()
    let logger: Logger

    init(options: BrainOptions, dataDirectory: URL, logger: Logger) throws {
        try options.tls?.validate()
        let identity = try BrainIdentity.load(directory: dataDirectory)
        store = try BrainStore(
            configuration: BrainConfiguration(
                dataDirectory: dataDirectory,
                quotaBytes: options.quotaBackendBytes,
                maxTxnOperations: options.maxTxnOps,
                progressNotifyInterval: options.progressNotifyInterval(),
                autoCompaction: options.autoCompaction(),
                syncDelay: .milliseconds(options.unsafeSyncDelayMs)
            ),
            logger: logger
        )
        let address = try options.clientAddress()
        member = EtcdMember(
            clusterID: identity.clusterID,
            memberID: identity.memberID,
            name: options.name,
            clientURLs: options.advertiseClientUrls.split(separator: ",").map(String.init),
            serverVersion: options.etcdVersion,
            raftTerm: identity.starts
        )
        server = EtcdServer(
            configuration: EtcdServerConfiguration(
                host: address.host, port: address.port, tls: options.tls, maxRequestBytes: options.maxRequestBytes),
            store: store,
            maintenance: store,
            auth: store,
            member: member,
            logger: logger
        )
        self.logger = logger
        let store = store
        healthChecks.register("storage", probes: [.readiness, .liveness]) {
            !store.alarms.contains(.corrupt)
        }
        healthChecks.register("quota") { !store.alarms.contains(.noSpace) }
    }

    /// The services to run, storage first so it stops last.
    var services: [any Service] { [store, server] }

    /// The `/metrics` and health listener for this member.
    func observabilityServer(address: ListenAddress, registry: PrometheusCollectorRegistry) -> ObservabilityServer {
        ObservabilityServer(
            configuration: ObservabilityServerConfiguration(host: address.host, port: address.port),
            registry: registry,
            healthChecks: healthChecks,
            logger: logger
        )
    }
}
