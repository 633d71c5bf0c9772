public import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
import WharfRuntime
public import ServiceLifecycle
public import StoreCore

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
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let logger: Logger
    private let configuration: EtcdServerConfiguration

    /// Creates the server; it binds when run.
    public init(
        configuration: EtcdServerConfiguration,
        store: any KeyValueStore,
        maintenance: any StoreMaintenance,
        auth: any AuthStore,
        member: EtcdMember,
        logger: Logger
    ) {
        self.configuration = configuration
        self.logger = logger
        let security: HTTP2ServerTransport.Posix.TransportSecurity
        if let tls = configuration.tls {
            security = .tls(
                certificateChain: [.file(path: tls.certFile, format: .pem)],
                privateKey: .file(path: tls.keyFile, format: .pem)
            ) { config in
                if let ca = tls.trustedCAFile {
                    config.trustRoots = .certificates([.file(path: ca, format: .pem)])
                    if tls.clientCertAuth { config.clientCertificateVerification = .noHostnameVerification }
                }
            }
        } else {
            security = .plaintext
        }
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: configuration.host, port: configuration.port),
            transportSecurity: security,
            config: .defaults { config in
                config.rpc.maxRequestPayloadSize = configuration.transportLimitBytes
            }
        )
        let gate = AuthGate(store: auth)
        let services: [any RegistrableRPCService] = [
            KVService(
                store: store, gate: gate, member: member, maxRequestBytes: configuration.maxRequestBytes,
                maxReceiveBytes: configuration.maxReceiveBytes),
            WatchService(store: store, gate: gate, member: member),
            LeaseService(store: store, gate: gate, maintenance: maintenance, member: member),
            MaintenanceService(maintenance: maintenance, gate: gate, member: member),
            ClusterService(maintenance: maintenance, member: member),
            AuthService(gate: gate, maintenance: maintenance, member: member),
        ]
        server = GRPCServer(
            transport: transport, services: services, interceptors: [GRPCMetricsInterceptor(), AuthInterceptor()])
    }

    /// The port the server listens on, once bound.
    public func listeningPort() async throws -> Int {
        let address = try await server.listeningAddress
        guard let port = address?.ipv4?.port ?? address?.ipv6?.port else {
            throw RPCError(code: .unavailable, message: "etcd server is not listening")
        }
        return port
    }

    /// Serves until graceful shutdown, then lets in-flight RPCs finish.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            logger.info(
                "serving etcd v3 API",
                metadata: ["etcd.host": "\(configuration.host)", "etcd.port": "\(configuration.port)"])
            try await server.serve()
        } onGracefulShutdown: {
            self.server.beginGracefulShutdown()
        }
    }
}
