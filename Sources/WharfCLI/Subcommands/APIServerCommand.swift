import APIServer
import ArgumentParser
import EtcdClient
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WharfRuntime

/// `wharf apiserver`: the Kubernetes API server on any etcd v3 endpoint.
struct APIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiserver",
        abstract: "Serve the Kubernetes API on an etcd v3 store (wharf brain or etcd)."
    )

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var apiserver: APIServerOptions
    @OptionGroup var audit: AuditOptions

    @Option(help: "The etcd v3 endpoints (comma-separated URLs); the first reachable one is used, and another after a failure.")
    var etcdServers = "http://127.0.0.1:2379"

    func run() async throws {
        logging.bootstrap()
        let registry = MetricsBootstrap.bootstrap()
        let logger = Logger(label: "wharf.apiserver")
        let endpoints = try ListenAddress.parseList(etcdServers)
        guard !endpoints.isEmpty else { throw ValidationError("--etcd-servers needs a URL") }
        // Connects on first use and reconnects (to any listed endpoint) after a failure.
        let store = EtcdStore(endpoints: endpoints.map { ($0.host, $0.port) })
        let healthChecks = HealthChecks()
        var configuration = try apiserver.configuration()
        configuration.audit = try audit.configuration()
        let node = APIServerNode(
            store: store, configuration: configuration, authenticator: try apiserver.authenticator(),
            registry: registry, healthChecks: healthChecks, logger: logger
        )
        // /metrics, /healthz, /livez and /readyz are served on the API port, as kube-apiserver serves them.
        let group = ServiceGroup(services: node.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        await store.close()
    }
}
