import Foundation
import Testing
import WharfTestSupport

/// Audit logging of `wharf apiserver` on brain: a policy choosing levels per resource, the JSON-lines
/// log file and the batched webhook backend (an HTTPS server in Python).
@Suite(.serialized) struct AuditTests {
    private static let policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        omitManagedFields: true
        rules:
        - level: None
          nonResourceURLs: ["/healthz*", "/version", "/readyz*", "/livez*"]
        - level: RequestResponse
          resources: [{group: "", resources: ["configmaps"]}]
        - level: Request
          verbs: ["create"]
          resources: [{group: "apps", resources: ["deployments"]}]
        - level: None
          resources: [{group: "", resources: ["events"]}]
        - level: Metadata
        """

    private func lines(_ url: URL) throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func policyLevelsLogFileAndWebhook() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-audit")
        defer { directory.remove() }
        let pki = directory.path("webhook-pki")
        #expect(try await CommandResult.runDetached(WharfBinary.url.path, ["certs", "--dir", pki.path]).status == 0)
        try await TestWebhookServer.with(pki: pki, in: directory.url) { webhook in
            try await self.auditRequests(webhook: webhook, directory: directory)
        }
    }

    private func auditRequests(webhook: TestWebhookServer, directory: TemporaryDirectory) async throws {
        let policyFile = directory.path("policy.yaml")
        try Data(Self.policy.utf8).write(to: policyFile)
        let webhookConfig = directory.path("audit-webhook.yaml")
        try Data("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: audit
              cluster: {server: "\(webhook.baseURL)/audit", certificate-authority: webhook-pki/ca.crt}
            """.utf8).write(to: webhookConfig)
        let log = directory.path("audit.log")

        let brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
        do {
            try await self.sendRequests(brain: brain, directory: directory, policyFile: policyFile, webhookConfig: webhookConfig, log: log)
        } catch {
            await brain.stop()
            throw error
        }
        await brain.stop()
        try self.checkEvents(log: log, webhook: webhook)
    }

    private func sendRequests(brain: BrainProcess, directory: TemporaryDirectory, policyFile: URL, webhookConfig: URL, log: URL) async throws {
        let server = try await APIServerProcess.start(
            etcdEndpoint: brain.endpoint, directory: directory.path("apiserver"),
            extraArguments: ["--audit-policy-file", policyFile.path, "--audit-log-path", log.path,
                             "--audit-webhook-config-file", webhookConfig.path, "--audit-webhook-batch-max-wait", "300ms"]
        )
        do {
            try await self.auditedRequests(server)
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop() == 0)
    }

    private func auditedRequests(_ server: APIServerProcess) async throws {
        let base = "\(server.url)/api/v1/namespaces/default"
        let post = ["-X", "POST", "-H", "Content-Type: application/json", "-H", "User-Agent: audit-test/1.0"]
        _ = try await server.curl(post + ["\(base)/configmaps", "--data-binary", #"{"metadata":{"name":"audited"},"data":{"k":"v"}}"#])
        _ = try await server.curl(["\(base)/secrets/missing"])
        _ = try await server.curl(["\(server.url)/healthz"])
        _ = try await server.curl(post + ["\(server.url)/apis/apps/v1/namespaces/default/deployments", "--data-binary",
            #"{"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}"#])
        try await Task.sleep(for: .seconds(1))
    }

    private func checkEvents(log: URL, webhook: TestWebhookServer) throws {
        let events = try self.lines(log)
        #expect(events.allSatisfy { $0["stage"] as? String == "ResponseComplete" && $0["apiVersion"] as? String == "audit.k8s.io/v1" })
        #expect(!events.contains { ($0["requestURI"] as? String ?? "").hasPrefix("/healthz") })
        let create = try #require(events.first { ($0["objectRef"] as? [String: Any])?["resource"] as? String == "configmaps" && $0["verb"] as? String == "create" })
        #expect(create["level"] as? String == "RequestResponse")
        #expect(create["userAgent"] as? String == "audit-test/1.0")
        #expect((create["user"] as? [String: Any])?["username"] as? String == "admin")
        #expect((create["objectRef"] as? [String: Any])?["name"] as? String == "audited")
        #expect((create["responseStatus"] as? [String: Any])?["code"] as? Int == 201)
        #expect(((create["requestObject"] as? [String: Any])?["data"] as? [String: Any])?["k"] as? String == "v")
        let responseMetadata = (create["responseObject"] as? [String: Any])?["metadata"] as? [String: Any]
        #expect(responseMetadata?["uid"] != nil && responseMetadata?["managedFields"] == nil)
        let missing = try #require(events.first { ($0["objectRef"] as? [String: Any])?["resource"] as? String == "secrets" })
        #expect(missing["level"] as? String == "Metadata" && missing["requestObject"] == nil && missing["responseObject"] == nil)
        let status = missing["responseStatus"] as? [String: Any]
        #expect(status?["code"] as? Int == 404 && status?["reason"] as? String == "NotFound")
        let deployment = try #require(events.first { ($0["objectRef"] as? [String: Any])?["resource"] as? String == "deployments" })
        #expect(deployment["level"] as? String == "Request" && deployment["requestObject"] != nil && deployment["responseObject"] == nil)
        #expect((deployment["objectRef"] as? [String: Any])?["apiGroup"] as? String == "apps")

        // The webhook got the same events, in EventList batches.
        let batches = try webhook.requests().filter { $0["path"] as? String == "/audit" }
        let posted = batches.flatMap { $0["events"] as? [[String: Any]] ?? [] }
        #expect(Set(posted.compactMap { $0["auditID"] as? String }) == Set(events.compactMap { $0["auditID"] as? String }))
        #expect(!batches.isEmpty)
    }
}
