public import Logging
public import ServiceLifecycle
public import StoreCore
import WharfGRPC

/// The etcd v3 gRPC API (KV, Watch, Lease, Maintenance, Cluster, Auth) served over HTTP/2 for a
/// store.
///
/// ## Serving a store
///
/// ```swift
/// let server = EtcdServer(configuration: .init(port: 2379), store: store, maintenance: store,
///                         auth: store, member: member, logger: logger)
/// try await ServiceGroup(services: [store, server], logger: logger).run()
/// ```
public final class EtcdServer: Service {
    private let server: GRPCServer

    /// Creates the server; it binds when run.
    ///
    /// `membership` is the store's members and leader when several nodes share the store (brain
    /// on PostgreSQL), and their shared cluster ID and term; nil serves this member alone, as the
    /// leader.
    public init(
        configuration: EtcdServerConfiguration,
        store: any KeyValueStore,
        maintenance: any StoreMaintenance,
        auth: any AuthStore,
        membership: (any StoreMembership)? = nil,
        member: EtcdMember,
        logger: Logger
    ) {
        let gate = AuthGate(store: auth)
        var member = member
        member.membership = membership
        var router = GRPCRouter()
        KVService(
            store: store, gate: gate, member: member, maxRequestBytes: configuration.maxRequestBytes,
            maxReceiveBytes: configuration.maxReceiveBytes
        ).register(in: &router)
        WatchService(store: store, gate: gate, member: member, fragmentBytes: configuration.maxReceiveBytes)
            .register(in: &router)
        LeaseService(store: store, gate: gate, maintenance: maintenance, member: member).register(in: &router)
        MaintenanceService(maintenance: maintenance, gate: gate, membership: membership, member: member)
            .register(in: &router)
        ClusterService(maintenance: maintenance, membership: membership, member: member).register(in: &router)
        AuthService(gate: gate, maintenance: maintenance, member: member).register(in: &router)
        server = GRPCServer(
            configuration: GRPCServerConfiguration(
                host: configuration.host, port: configuration.port, tls: configuration.tls,
                maxReceiveMessageBytes: configuration.transportLimitBytes),
            router: router, logger: logger)
    }

    /// The port the server listens on, once bound.
    public func listeningPort() async throws -> Int {
        try await server.listeningPort()
    }

    /// Serves until graceful shutdown, then lets in-flight RPCs finish.
    public func run() async throws {
        try await server.run()
    }
}
