import APIServer
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WharfRuntime

/// `wharf up`: the all-in-one local system in the foreground.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the all-in-one local Wharf system (brain on its embedded engine and the Kubernetes API server) until Ctrl-C.")

    @OptionGroup var server: ServerOptions

    @Option(help: "Where Wharf keeps its data (default: $XDG_DATA_HOME/wharf or ~/.local/share/wharf).")
    var dataDir: String?

    @Option(help: "Port of the etcd v3 API on 127.0.0.1.")
    var etcdPort = 2379

    @Option(help: "Port of the Kubernetes API (HTTPS) on 127.0.0.1.")
    var apiserverPort = 6443

    @Option(help: "Authorizers asked in order after the system:masters check, comma-separated: RBAC, AlwaysAllow.")
    var authorizationMode = "RBAC"

    func validate() throws {
        _ = try self.controllers.selection()
        _ = try self.admission.selection()
        guard AuthorizationMode.parseList(self.authorizationMode) != nil else {
            throw ValidationError("--authorization-mode must be a comma-separated list of RBAC and AlwaysAllow")
        }
    }
    @OptionGroup var controllers: ControllerOptions
    @OptionGroup var admission: AdmissionOptions

    func run() async throws {
        server.logging.bootstrap()
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

        let pki = try LocalCertificateAuthority(directory: root.appendingPathComponent("pki"))
        let serving = try pki.servingCertificate(name: "apiserver")
        let admin = try pki.clientCertificate(name: "admin", commonName: "wharf-admin", organizations: ["system:masters"])
        let kubeconfigFile = root.appendingPathComponent("kubeconfig")
        try Kubeconfig(
            clusterName: "wharf", server: "https://127.0.0.1:\(apiserverPort)", certificateAuthority: pki.certificateFile,
            clientCertificate: admin.certificateFile, clientKey: admin.keyFile
        ).write(to: kubeconfigFile)
        var apiConfiguration = KubeAPIServerConfiguration(
            host: "127.0.0.1", port: apiserverPort,
            tls: TLSFiles(certFile: serving.certificateFile.path, keyFile: serving.keyFile.path, trustedCAFile: pki.certificateFile.path)
        )
        apiConfiguration.authorizationModes = AuthorizationMode.parseList(authorizationMode) ?? [.rbac]
        apiConfiguration.controllers = try controllers.selection()
        apiConfiguration.admissionPlugins = try admission.selection()
        apiConfiguration.rootCAFile = pki.certificateFile.path
        let apiserver = APIServerNode(
            store: node.store, configuration: apiConfiguration,
            authenticator: Authenticator(serviceAccounts: try ServiceAccountTokens(
                privateKeyPEM: String(contentsOf: try pki.serviceAccountSigningKey(), encoding: .utf8),
                issuer: APIServerOptions.defaultServiceAccountIssuer
            )),
            registry: registry,
            healthChecks: node.healthChecks, logger: Logger(label: "wharf.apiserver")
        )
        say(
            """
            Wharf is up.
              data:     \(root.path)
              brain:    etcd v3 API at \(options.listenClientUrls)
                        try: etcdctl --endpoints=\(options.listenClientUrls) put hello world
                             etcdctl --endpoints=\(options.listenClientUrls) get hello
              kubernetes: API at https://127.0.0.1:\(apiserverPort)
                        try: export KUBECONFIG=\(kubeconfigFile.path)
                             kubectl get namespaces
              metrics:  http://\(metrics.hostAndPort)/metrics   health: http://\(metrics.hostAndPort)/readyz
            Press Ctrl-C to stop.
            """)
        let group = ServiceGroup(
            services: node.services + apiserver.services + [observability],
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
