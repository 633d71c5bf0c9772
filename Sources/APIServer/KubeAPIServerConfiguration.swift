public import KubeModel
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
    /// Where Service cluster IPs come from (`--service-cluster-ip-range`). Defaults to `10.0.0.0/24`.
    public var serviceClusterIPRange: IPv4Network
    /// Where node ports come from (`--service-node-port-range`). Defaults to `30000-32767`.
    public var serviceNodePortRange: ClosedRange<Int>
    /// How long Event objects live (`--event-ttl`). Defaults to one hour.
    public var eventTTL: Duration
    /// How often history is compacted (`--etcd-compaction-interval`); zero disables it. Defaults to 5 minutes.
    public var compactionInterval: Duration
    /// How often `apiserver_storage_objects` is refreshed; zero disables it. Defaults to a minute,
    /// as kube-apiserver.
    public var storageObjectCountInterval: Duration
    /// The authorizers asked, in order, after the `system:masters` superuser check
    /// (`--authorization-mode`). Defaults to RBAC.
    public var authorizationModes: [AuthorizationMode]
    /// The lifecycle controllers run in the API server's process (`--controllers`). Defaults to all.
    public var controllers: ControllerSelection
    /// The CA bundle the root CA publisher writes into every namespace's `kube-root-ca.crt`
    /// (kube-controller-manager's `--root-ca-file`); `nil` (the default) leaves it off.
    public var rootCAFile: String?
    /// The admission plugins that run (`--enable-admission-plugins`, `--disable-admission-plugins`).
    /// Defaults to kube-apiserver's default set.
    public var admissionPlugins: AdmissionPluginSelection
    /// Auditing (`--audit-policy-file` and its backends); `nil` audits nothing.
    public var audit: AuditConfiguration?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 6443, tls: TLSFiles? = nil, etcdPrefix: String = "/registry",
        maxRequestBodyBytes: Int = 3 * 1024 * 1024, kubernetesVersion: String = "v1.33.0",
        serviceClusterIPRange: IPv4Network = IPv4Network(cidr: "10.0.0.0/24")!, serviceNodePortRange: ClosedRange<Int> = 30000...32767
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.etcdPrefix = etcdPrefix
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.kubernetesVersion = kubernetesVersion
        self.serviceClusterIPRange = serviceClusterIPRange
        self.serviceNodePortRange = serviceNodePortRange
        self.eventTTL = .seconds(3600)
        self.compactionInterval = .seconds(300)
        self.storageObjectCountInterval = .seconds(60)
        self.authorizationModes = [.rbac]
        self.controllers = .all
        self.admissionPlugins = .defaults
    }
}
