import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WharfRuntime

/// `wharf up`: the all-in-one local system in the foreground.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the all-in-one local Wharf system (today: brain on its embedded engine) until Ctrl-C.")

    @OptionGroup var server: ServerOptions

    @Option(help: "Where Wharf keeps its data (default: $XDG_DATA_HOME/wharf or ~/.local/share/wharf).")
    var dataDir: String?

    @Option(help: "Port of the etcd v3 API on 127.0.0.1.")
    var etcdPort = 2379

    func run() async throws {
        LoggingBootstrap.bootstrap(format: server.logFormat, level: server.logLevel)
        let registry = MetricsBootstrap.bootstrap()
        let logger = Logger(label: "wharf.up")
        let root = URL(fileURLWithPath: dataDir ?? Self.defaultDataDirectory())
        var options = try BrainOptions.parse([])
        options.name = "wharf-up"
        options.listenClientUrls = "http://127.0.0.1:\(etcdPort)"
        options.advertiseClientUrls = options.listenClientUrls
        let node = try BrainNode(options: options, dataDirectory: root.appendingPathComponent("brain"), logger: logger)
        let metrics = try server.metricsAddress()
        let observability = node.observabilityServer(address: metrics, registry: registry)
        say(
            """
            Wharf is up.
              data:     \(root.path)
              brain:    etcd v3 API at \(options.listenClientUrls)
                        try: etcdctl --endpoints=\(options.listenClientUrls) put hello world
                             etcdctl --endpoints=\(options.listenClientUrls) get hello
              metrics:  http://\(metrics.hostAndPort)/metrics   health: http://\(metrics.hostAndPort)/readyz
            Press Ctrl-C to stop.
            """)
        let group = ServiceGroup(
            services: node.services + [observability],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
        say("Wharf stopped.")
    }

    /// Prints a line to standard output at once (unbuffered, so pipes and logs see it).
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func defaultDataDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/wharf" }
        return (environment["HOME"] ?? ".") + "/.local/share/wharf"
    }
}
