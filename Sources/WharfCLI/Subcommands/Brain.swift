import ArgumentParser
import BrainEngine
import BrainPostgres
import EtcdService
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WharfRuntime

/// `wharf brain`: the etcd-v3-compatible store, taking etcd's own flag names.
struct Brain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run brain, the etcd-v3-compatible store (drop-in for etcd: same API, same flags).",
        subcommands: [BrainMigrate.self])

    @OptionGroup var server: ServerOptions
    @OptionGroup var brain: BrainOptions

    func run() async throws {
        server.logging.bootstrap()
        let registry = MetricsBootstrap.bootstrap()
        let logger = Logger(label: "wharf.brain")
        let dataDirectory = URL(fileURLWithPath: brain.dataDir)
        if let snapshot = brain.initialSnapshot {
            let restored = try await BrainStore.restore(
                EtcdSnapshot(contentsOf: URL(fileURLWithPath: snapshot)), into: dataDirectory)
            logger.notice(
                restored ? "loaded initial snapshot" : "data directory holds data; initial snapshot ignored",
                metadata: ["brain.snapshot": "\(snapshot)"])
        }
        let node: BrainNode
        if let backend = try brain.postgresBackend() {
            logger.notice(
                "key space in postgres",
                metadata: ["postgres.host": "\(backend.host):\(backend.port)", "postgres.database": "\(backend.database)"])
            node = try BrainNode(options: brain, dataDirectory: dataDirectory, backend: backend, logger: logger)
        } else {
            node = try BrainNode(options: brain, dataDirectory: dataDirectory, logger: logger)
        }
        let observability = try node.observabilityServer(address: server.metricsAddress(), registry: registry)
        let group = ServiceGroup(
            services: node.services + [observability],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
    }
}
