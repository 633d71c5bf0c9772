import BrainEngine
import BrainPostgres
import EtcdClient
import EtcdService
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import StoreCore
import WharfGRPC
import WharfRuntime

/// One brain member assembled from flags: the engine (embedded, or PostgreSQL when `--backend`
/// names one), the etcd API in front of it and its health checks. Shared by `wharf brain` and
/// `wharf up`.
struct BrainNode {
    let store: any KeyValueStore
    /// The store's background work (the engine's, or the PostgreSQL pool and watch polling).
    let storeService: any Service
    let server: EtcdServer
    let member: EtcdMember
    let healthChecks = HealthChecks()
    let logger: Logger

    /// A member on the embedded engine, storing data in `dataDirectory`.
    init(options: BrainOptions, dataDirectory: URL, logger: Logger) throws {
        let engine = try BrainStore(
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
        try self.init(
            options: options, identity: BrainIdentity.load(directory: dataDirectory), store: engine, maintenance: engine,
            auth: engine, service: engine, logger: logger)
        healthChecks.register("storage", probes: [.readiness, .liveness]) {
            !engine.alarms.contains(.corrupt)
        }
        healthChecks.register("quota") { !engine.alarms.contains(.noSpace) }
    }

    /// A stateless member on PostgreSQL; `dataDirectory` keeps only its identity. It forwards
    /// writes to the leader's advertised client URLs with the etcd client (over TLS with this
    /// member's CA and certificate when the URL is https).
    init(options: BrainOptions, dataDirectory: URL, backend: PostgresStoreConfiguration, logger: Logger) throws {
        let identity = try BrainIdentity.load(directory: dataDirectory)
        let tls = GRPCClientTLS(trustedCAFile: options.trustedCaFile, certFile: options.certFile, keyFile: options.keyFile)
        let store = try PostgresStore(
            configuration: backend,
            member: StoreMember(id: identity.memberID, name: options.name, clientURLs: options.advertisedClientURLs),
            connectToLeader: { urls in try await EtcdClient.connect(toFirstOf: urls, tls: tls) },
            logger: logger)
        try self.init(
            options: options, identity: identity, store: store, maintenance: store, auth: store, membership: store,
            service: store, logger: logger)
        healthChecks.register("storage", probes: [.readiness, .liveness]) {
            !store.alarms.contains(.corrupt)
        }
        healthChecks.register("quota") { !store.alarms.contains(.noSpace) }
    }

    private init(
        options: BrainOptions, identity: BrainIdentity, store: any KeyValueStore, maintenance: any StoreMaintenance,
        auth: any AuthStore, membership: (any StoreMembership)? = nil, service: any Service, logger: Logger
    ) throws {
        try options.tls?.validate()
        let address = try options.clientAddress()
        self.store = store
        storeService = service
        member = EtcdMember(
            clusterID: identity.clusterID,
            memberID: identity.memberID,
            name: options.name,
            clientURLs: options.advertisedClientURLs,
            serverVersion: options.etcdVersion,
            raftTerm: identity.starts
        )
        server = EtcdServer(
            configuration: EtcdServerConfiguration(
                host: address.host, port: address.port, tls: options.tls, maxRequestBytes: options.maxRequestBytes),
            store: store,
            maintenance: maintenance,
            auth: auth,
            membership: membership,
            member: member,
            logger: logger
        )
        self.logger = logger
    }

    /// The services to run, storage first so it stops last.
    var services: [any Service] { [storeService, server] }

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
