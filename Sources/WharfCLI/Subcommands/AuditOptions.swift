import APIServer
import ArgumentParser
import Foundation

/// kube-apiserver's audit flags.
struct AuditOptions: ParsableArguments {
    @Option(help: "The audit policy (audit.k8s.io/v1 Policy, YAML or JSON); without it nothing is audited.")
    var auditPolicyFile: String?

    @Option(help: "Where audit events are written as JSON lines ('-' for standard output).")
    var auditLogPath: String?

    @Option(help: "A kubeconfig naming the HTTPS server audit events are posted to in batches.")
    var auditWebhookConfigFile: String?

    @Option(help: "The most audit events sent to the webhook in one request.")
    var auditWebhookBatchMaxSize = 400

    @Option(help: "How long an audit event waits for its webhook batch to fill (e.g. 30s, 500ms).")
    var auditWebhookBatchMaxWait = "30s"

    func validate() throws {
        if self.auditPolicyFile == nil && (self.auditLogPath != nil || self.auditWebhookConfigFile != nil) {
            throw ValidationError("--audit-log-path and --audit-webhook-config-file need --audit-policy-file")
        }
        guard self.auditWebhookBatchMaxSize > 0, Self.duration(self.auditWebhookBatchMaxWait) != nil else {
            throw ValidationError("--audit-webhook-batch-max-size must be positive and --audit-webhook-batch-max-wait a duration such as 30s")
        }
    }

    /// The audit configuration these flags describe; `nil` without a policy.
    func configuration() throws -> AuditConfiguration? {
        guard let policyFile = self.auditPolicyFile else { return nil }
        let policy = try AuditPolicy(document: Array(try Data(contentsOf: URL(fileURLWithPath: policyFile))))
        var webhook: AuditConfiguration.Webhook?
        if let path = self.auditWebhookConfigFile {
            let file = URL(fileURLWithPath: path)
            webhook = try AuditConfiguration.Webhook(kubeconfig: Array(try Data(contentsOf: file)), directory: file.deletingLastPathComponent())
        }
        return AuditConfiguration(
            policy: policy, logPath: self.auditLogPath, webhook: webhook, batchMaxSize: self.auditWebhookBatchMaxSize,
            batchMaxWait: Self.duration(self.auditWebhookBatchMaxWait) ?? .seconds(30)
        )
    }

    /// A Go-style duration with one unit: `30s`, `500ms`, `1m`.
    private static func duration(_ text: String) -> Duration? {
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0)] where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return .milliseconds(Int64(value * scale * 1000))
        }
        return nil
    }
}
