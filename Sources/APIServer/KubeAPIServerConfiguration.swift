public import WharfRuntime

/// How the Kubernetes API server listens, authenticates and stores; every field has
/// kube-apiserver's default where one exists.
public struct KubeAPIServerConfiguration: Sendable {
    /// The address to bind (`--bind-address`). Defaults to `127.0.0.1`.
    public var host: String
    /// The port (`--secure-port`; 6443). 0 picks a free port.
    public var port: Int
    /// Serving certificate, key and client CA (`--tls-cert-file`, `--tls-private-key-file`,
    /// `--client-ca-file`); `nil` serves plain HTTP, which is only allowed on loopback.
    public var tls: TLSFiles?
    /// The key prefix in the store (`--etcd-prefix`). Defaults to `/registry`.
    public var etcdPrefix: String
    /// The largest request body accepted, 3 MiB as kube-apiserver (larger gets `413`).
    public var maxRequestBodyBytes: Int
    /// The Kubernetes version reported by `/version`.
    public var kubernetesVersion: String

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 6443, tls: TLSFiles? = nil, etcdPrefix: String = "/registry",
        maxRequestBodyBytes: Int = 3 * 1024 * 1024, kubernetesVersion: String = "v1.33.0"
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.etcdPrefix = etcdPrefix
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.kubernetesVersion = kubernetesVersion
    }
}
