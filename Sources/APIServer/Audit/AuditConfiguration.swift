public import Foundation
import KubeModel

/// Where audit events go and which the policy records (kube-apiserver's `--audit-*` flags).
public struct AuditConfiguration: Sendable {
    /// The policy (`--audit-policy-file`).
    public var policy: AuditPolicy
    /// The JSON-lines log file (`--audit-log-path`; `-` is standard output), if any.
    public var logPath: String?
    /// The webhook backend (`--audit-webhook-config-file`), if any.
    public var webhook: Webhook?
    /// Events sent to the webhook in one `EventList` at most (`--audit-webhook-batch-max-size`).
    public var batchMaxSize: Int
    /// How long an event waits for its batch to fill (`--audit-webhook-batch-max-wait`).
    public var batchMaxWait: Duration

    /// The webhook audit events are posted to.
    public struct Webhook: Sendable {
        /// An `https://` URL (the kubeconfig's `server`).
        public var url: String
        /// PEM certificates the server's certificate must chain to.
        public var caBundle: [UInt8]

        public init(url: String, caBundle: [UInt8]) {
            self.url = url
            self.caBundle = caBundle
        }

        /// The webhook a kubeconfig file names, as `--audit-webhook-config-file` gives it: the first
        /// cluster's `server`, trusted through its `certificate-authority-data` or the
        /// `certificate-authority` file (relative to `directory`).
        ///
        /// - Throws: ``StatusError`` `400` when the file names no server.
        public init(kubeconfig: [UInt8], directory: URL) throws {
            let config = try YAMLBody.parse(kubeconfig)
            let cluster = config["clusters"]?.arrayValue?.first?["cluster"]
            guard let server = cluster?["server"]?.stringValue else {
                throw StatusError.badRequest("the audit webhook kubeconfig names no cluster server")
            }
            var bundle: [UInt8] = []
            if let data = cluster?["certificate-authority-data"]?.stringValue, let decoded = Data(base64Encoded: data) {
                bundle = Array(decoded)
            } else if let path = cluster?["certificate-authority"]?.stringValue {
                bundle = Array(try Data(contentsOf: URL(fileURLWithPath: path, relativeTo: directory)))
            }
            self.init(url: server, caBundle: bundle)
        }
    }

    /// A configuration with kube-apiserver's batch defaults (400 events, 30 seconds).
    public init(policy: AuditPolicy, logPath: String? = nil, webhook: Webhook? = nil, batchMaxSize: Int = 400, batchMaxWait: Duration = .seconds(30)) {
        self.policy = policy
        self.logPath = logPath
        self.webhook = webhook
        self.batchMaxSize = batchMaxSize
        self.batchMaxWait = batchMaxWait
    }
}
