import Foundation
import APIServer
import ArgumentParser
import KubeModel
import WharfRuntime

/// The API server's flags, named as kube-apiserver names them.
struct APIServerOptions: ParsableArguments {
    @Option(help: "The IP address to serve on (kube-apiserver's --bind-address).")
    var bindAddress = "127.0.0.1"

    @Option(help: "The port to serve HTTPS on (plain HTTP with --insecure-plain-http).")
    var securePort = 6443

    @Option(help: "The serving certificate (PEM).")
    var tlsCertFile: String?

    @Option(help: "The serving certificate's private key (PEM).")
    var tlsPrivateKeyFile: String?

    @Option(help: "CA bundle that client certificates are verified against; their CN is the user and O the groups.")
    var clientCaFile: String?

    @Option(help: "Static bearer tokens: CSV lines token,user,uid,\"group1,group2\".")
    var tokenAuthFile: String?

    @Option(help: "The key prefix of every object in etcd.")
    var etcdPrefix = "/registry"

    @Option(help: "The IPv4 range Service cluster IPs are allocated from; the first address goes to the kubernetes Service.")
    var serviceClusterIpRange = "10.0.0.0/24"

    @Option(help: "The range node ports are allocated from (first-last).")
    var serviceNodePortRange = "30000-32767"

    @Option(help: "How long Event objects live, in seconds (0 keeps them).")
    var eventTtl: Int64 = 3600

    @Option(help: "How often the store's history is compacted, in seconds (0 disables it).")
    var etcdCompactionInterval: Int64 = 300

    @Option(help: "How often apiserver_storage_objects is refreshed, in seconds (0 disables it; Wharf's own flag).")
    var storageObjectCountInterval: Int64 = 60

    @Option(help: "Authorizers asked in order after the system:masters check, comma-separated: RBAC, AlwaysAllow.")
    var authorizationMode = "RBAC"
    @OptionGroup var controllers: ControllerOptions
    @OptionGroup var admission: AdmissionOptions

    @Option(help: "The CA bundle published as the kube-root-ca.crt ConfigMap in every namespace (kube-controller-manager's --root-ca-file; defaults to --client-ca-file).")
    var rootCaFile: String?

    @Option(help: "The EC P-256 private key (PEM) service account tokens are signed with; without it TokenRequest is unavailable.")
    var serviceAccountSigningKeyFile: String?

    @Option(help: "The issuer (iss) of service account tokens, and the audience they must name.")
    var serviceAccountIssuer = Self.defaultServiceAccountIssuer

    /// kube-apiserver's usual issuer.
    static let defaultServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local"

    @Flag(help: "Serve plain HTTP instead of HTTPS (only on a loopback --bind-address).")
    var insecurePlainHttp = false

    func validate() throws {
        _ = try self.controllers.selection()
        _ = try self.admission.selection()
        if let rootCA = self.rootCaFile, !FileManager.default.isReadableFile(atPath: rootCA) {
            throw ValidationError("--root-ca-file \(rootCA) cannot be read")
        }
        guard IPv4Network(cidr: self.serviceClusterIpRange) != nil else {
            throw ValidationError("--service-cluster-ip-range must be an IPv4 CIDR such as 10.0.0.0/24")
        }
        guard AuthorizationMode.parseList(self.authorizationMode) != nil else {
            throw ValidationError("--authorization-mode must be a comma-separated list of RBAC and AlwaysAllow")
        }
        guard self.nodePortRange() != nil else {
            throw ValidationError("--service-node-port-range must be first-last, e.g. 30000-32767")
        }
        if self.insecurePlainHttp {
            guard Self.isLoopback(self.bindAddress) else {
                throw ValidationError("--insecure-plain-http is only allowed on a loopback --bind-address")
            }
        } else if self.tlsCertFile == nil || self.tlsPrivateKeyFile == nil {
            throw ValidationError("HTTPS needs --tls-cert-file and --tls-private-key-file (or --insecure-plain-http on loopback)")
        }
    }

    /// The server configuration these flags describe.
    func configuration() throws -> KubeAPIServerConfiguration {
        var tls: TLSFiles?
        if !self.insecurePlainHttp, let certFile = self.tlsCertFile, let keyFile = self.tlsPrivateKeyFile {
            let files = TLSFiles(certFile: certFile, keyFile: keyFile, trustedCAFile: self.clientCaFile)
            try files.validate()
            tls = files
        }
        var configuration = KubeAPIServerConfiguration(host: self.bindAddress, port: self.securePort, tls: tls, etcdPrefix: self.etcdPrefix)
        if let network = IPv4Network(cidr: self.serviceClusterIpRange) { configuration.serviceClusterIPRange = network }
        if let ports = self.nodePortRange() { configuration.serviceNodePortRange = ports }
        configuration.eventTTL = .seconds(max(0, self.eventTtl))
        configuration.compactionInterval = .seconds(max(0, self.etcdCompactionInterval))
        configuration.storageObjectCountInterval = .seconds(max(0, self.storageObjectCountInterval))
        configuration.authorizationModes = AuthorizationMode.parseList(self.authorizationMode) ?? [.rbac]
        configuration.controllers = try self.controllers.selection()
        configuration.admissionPlugins = try self.admission.selection()
        configuration.rootCAFile = self.rootCaFile ?? self.clientCaFile
        return configuration
    }

    private func nodePortRange() -> ClosedRange<Int>? {
        let bounds = self.serviceNodePortRange.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] > 0, bounds[0] <= bounds[1], bounds[1] < 65536 else { return nil }
        return bounds[0]...bounds[1]
    }

    /// The authenticator for the token file and service account tokens, as configured.
    func authenticator() throws -> Authenticator {
        let tokens = try self.tokenAuthFile.map { try TokenFile(path: $0) } ?? TokenFile(users: [:])
        let accounts = try self.serviceAccountSigningKeyFile.map { path in
            try ServiceAccountTokens(privateKeyPEM: String(contentsOfFile: path, encoding: .utf8), issuer: self.serviceAccountIssuer)
        }
        return Authenticator(tokens: tokens, serviceAccounts: accounts)
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
