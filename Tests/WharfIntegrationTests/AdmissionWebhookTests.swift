import Foundation
import Testing
import WharfTestSupport

/// Admission webhooks against `wharf up`, served over HTTPS by a small Python server
/// (`webhook/admission_webhook.py`) with a certificate of the cluster's CA: a mutating webhook's
/// JSON patch and warning, a validating webhook's denial, failure policies, timeouts, dry runs,
/// selectors, and what the webhooks are told.
extension KubectlTests {
    private static func configuration(_ kind: String, name: String, webhooks: [String]) -> String {
        """
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "\(kind)", "metadata": {"name": "\(name)"},
         "webhooks": [\(webhooks.joined(separator: ","))]}
        """
    }

    private static func webhook(
        _ name: String, url: String, caBundle: String, resources: String = #"["configmaps"]"#, failurePolicy: String = "Fail",
        timeout: Int = 5, sideEffects: String = "None", extra: String = ""
    ) -> String {
        """
        {"name": "\(name)", "clientConfig": {"url": "\(url)", "caBundle": "\(caBundle)"},
         "rules": [{"operations": ["CREATE", "UPDATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": \(resources)}],
         "failurePolicy": "\(failurePolicy)", "sideEffects": "\(sideEffects)", "timeoutSeconds": \(timeout),
         "admissionReviewVersions": ["v1"]\(extra)}
        """
    }

    /// The `matchConditions` field of a webhook (after a comma), the conditions named `c0`, `c1`, … unless named.
    private static func matchConditions(_ expressions: [String], names: [String]? = nil) -> String {
        let entries = expressions.enumerated().map { index, expression in
            let name = names?[index] ?? "c\(index)"
            return #"{"name": "\#(name)", "expression": "\#(expression)"}"#
        }
        return #", "matchConditions": ["# + entries.joined(separator: ", ") + "]"
    }

    @Test func admissionWebhooksMutateValidateAndFail() async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: 33, kubeconfig: up.kubeconfig)
            let directory = try TemporaryDirectory(prefix: "wharf-webhook")
            defer { directory.remove() }
            try await TestWebhookServer.with(pki: up.dataDirectory.appendingPathComponent("pki"), in: directory.url) { server in
                try await Self.exerciseWebhooks(server, up: up, kubectl: kubectl)
            }
        }
    }

    private static func exerciseWebhooks(_ server: TestWebhookServer, up: WharfUpProcess, kubectl: Kubectl) async throws {
        do {
            let caBundle = try Data(contentsOf: up.caFile).base64EncodedString()
            let base = server.baseURL

            let mutating = Self.configuration("MutatingWebhookConfiguration", name: "labeller", webhooks: [
                Self.webhook("label.wharf.test", url: "\(base)/mutate", caBundle: caBundle,
                             extra: #", "objectSelector": {"matchExpressions": [{"key": "skip", "operator": "DoesNotExist"}]}"#),
            ])
            let validating = Self.configuration("ValidatingWebhookConfiguration", name: "guard", webhooks: [
                Self.webhook("deny.wharf.test", url: "\(base)/validate", caBundle: caBundle),
                Self.webhook("unreachable-ignored.wharf.test", url: "https://127.0.0.1:1/none", caBundle: caBundle, failurePolicy: "Ignore"),
                Self.webhook("slow-ignored.wharf.test", url: "\(base)/slow", caBundle: caBundle, failurePolicy: "Ignore", timeout: 1),
                Self.webhook("unreachable.wharf.test", url: "https://127.0.0.1:1/none", caBundle: caBundle, resources: #"["secrets"]"#,
                             extra: Self.matchConditions(["object.metadata.name != 'exempt'", "request.operation == 'CREATE'"])),
                Self.webhook("condition-error.wharf.test", url: "https://127.0.0.1:1/none", caBundle: caBundle,
                             resources: #"["serviceaccounts"]"#, extra: Self.matchConditions(["object.spec.x == 1"])),
                Self.webhook("condition-error-ignored.wharf.test", url: "https://127.0.0.1:1/none", caBundle: caBundle,
                             resources: #"["resourcequotas"]"#, failurePolicy: "Ignore", extra: Self.matchConditions(["object.spec.x == 1"])),
                Self.webhook("side-effects.wharf.test", url: "\(base)/validate", caBundle: caBundle, resources: #"["services"]"#,
                             sideEffects: "Unknown"),
            ])
            #expect(try await kubectl.run(["create", "-f", "-"], input: mutating).status == 0)
            #expect(try await kubectl.run(["create", "-f", "-"], input: validating).status == 0)
            try await Task.sleep(for: .milliseconds(300))

            // Mutated by the patch (the warning reaches kubectl), validated, past the ignored failures.
            let started = ContinuousClock.now
            let created = try await kubectl.run("create", "configmap", "plain", "--from-literal=a=1")
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stderr.contains("Warning: mutated by the test webhook"), "\(created.stderr)")
            #expect(ContinuousClock.now - started < .seconds(3), "the slow webhook's 1 s timeout did not hold")
            #expect(try await kubectl.run("get", "cm", "plain", "-o", "jsonpath={.metadata.labels}").stdout == #"{"wharf.io/mutated":"yes"}"#)

            // Denied with the webhook's status.
            let denied = try await kubectl.run("create", "configmap", "bad", "--from-literal=forbidden=1")
            #expect(denied.status != 0)
            #expect(denied.stderr.contains(#"admission webhook "deny.wharf.test" denied the request: key "forbidden" is not allowed"#), "\(denied.stderr)")
            let update = try await kubectl.run("patch", "cm", "plain", "--type=merge", "-p", #"{"data":{"forbidden":"2"}}"#)
            #expect(update.stderr.contains("denied the request"), "\(update.stderr)")

            // The object selector leaves objects labelled skip alone.
            let skipped = #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "skipped", "labels": {"skip": "yes"}}}"#
            #expect(try await kubectl.run(["create", "-f", "-"], input: skipped).status == 0)
            #expect(try await kubectl.run("get", "cm", "skipped", "-o", "jsonpath={.metadata.labels}").stdout == #"{"skip":"yes"}"#)

            // failurePolicy Fail: the call fails, so does the request.
            let failed = try await kubectl.run("create", "secret", "generic", "s", "--from-literal=a=1")
            #expect(failed.stderr.contains(#"Internal error occurred: failed calling webhook "unreachable.wharf.test""#), "\(failed.stderr)")
            // Match conditions: a false one skips the webhook; one that fails refuses the request
            // under Fail (kube's 403) and skips the webhook under Ignore.
            let exempt = try await kubectl.run("create", "secret", "generic", "exempt", "--from-literal=a=1")
            #expect(exempt.status == 0, "\(exempt.stderr)")
            let conditionError = try await kubectl.run("create", "serviceaccount", "robot")
            #expect(conditionError.stderr.contains(
                #"serviceaccounts "robot" is forbidden: expression 'object.spec.x == 1' resulted in error: no such key: spec"#
            ), "\(conditionError.stderr)")
            let ignoredError = try await kubectl.run("create", "quota", "small", "--hard=pods=10")
            #expect(ignoredError.status == 0, "\(ignoredError.stderr)")
            let badConditions = Self.configuration("ValidatingWebhookConfiguration", name: "bad-conditions", webhooks: [
                Self.webhook("bad.wharf.test", url: "\(base)/validate", caBundle: caBundle,
                             extra: Self.matchConditions(["object.spec <", "params == null", "true"], names: ["a", "-b", "a"])),
            ])
            let refused = try await kubectl.run(["create", "-f", "-"], input: badConditions)
            #expect(refused.stderr.contains("webhooks[0].matchConditions[0].expression: Invalid value: \"object.spec <\": compilation failed"),
                    "\(refused.stderr)")
            #expect(refused.stderr.contains("webhooks[0].matchConditions[1].expression: Invalid value: \"params == null\""), "\(refused.stderr)")
            #expect(refused.stderr.contains("webhooks[0].matchConditions[1].name: Invalid value: \"-b\""), "\(refused.stderr)")
            #expect(refused.stderr.contains("webhooks[0].matchConditions[2].name: Duplicate value: \"a\""), "\(refused.stderr)")

            // A webhook with side effects cannot see a dry run.
            let dryRun = try await kubectl.run("create", "service", "clusterip", "web", "--tcp=80:80", "--dry-run=server")
            #expect(dryRun.stderr.contains(#"admission webhook "side-effects.wharf.test" does not support dry run"#), "\(dryRun.stderr)")

            // What the webhooks were told.
            let reviews = try server.requests()
            let plainCreate = try #require(reviews.first { ($0["request"] as? [String: Any])?["name"] as? String == "plain" })
            let request = try #require(plainCreate["request"] as? [String: Any])
            #expect(request["operation"] as? String == "CREATE" && request["namespace"] as? String == "default")
            #expect((request["userInfo"] as? [String: Any])?["username"] as? String == "wharf-admin")
            #expect((request["resource"] as? [String: Any])?["resource"] as? String == "configmaps")
            let patchReview = try #require(reviews.last {
                let request = $0["request"] as? [String: Any]
                return request?["operation"] as? String == "UPDATE" && request?["name"] as? String == "plain"
            })
            let oldObject = (patchReview["request"] as? [String: Any])?["oldObject"] as? [String: Any]
            #expect((oldObject?["data"] as? [String: Any])?["a"] as? String == "1")
        }
    }
}

extension KubectlTests {
    /// Service account tokens with kubectl: `kubectl create token` (TokenRequest), the token as a
    /// bearer credential (whoami, RBAC deciding what it may do), TokenReview, and refusals.
    @Test(arguments: releases) func serviceAccountTokens(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            #expect(try await kubectl.run("create", "serviceaccount", "robot").status == 0)
            let token = try await kubectl.run("create", "token", "robot", "--duration=15m").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(token.split(separator: ".").count == 3)
            if minor >= 28 {
                // kubectl 1.27's whoami asks authentication.k8s.io/v1beta1, which Wharf does not serve.
                let whoami = try await kubectl.run("--token", token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")
                #expect(whoami.stdout == "system:serviceaccount:default:robot", "\(whoami.stderr)")
            }
            let forbidden = try await kubectl.run("--token", token, "get", "pods")
            #expect(forbidden.stderr.contains(#"User "system:serviceaccount:default:robot" cannot list resource "pods""#), "\(forbidden.stderr)")
            #expect(try await kubectl.run("create", "rolebinding", "robot-view", "--clusterrole=view", "--serviceaccount=default:robot").status == 0)
            var allowed = -1
            for _ in 0..<40 where allowed != 0 {
                allowed = Int(try await kubectl.run("--token", token, "get", "pods").status)
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(allowed == 0)
            let review = #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"\#(token)"}}"#
            let reviewed = try await kubectl.run(["create", "-f", "-", "-o", "jsonpath={.status.authenticated} {.status.user.username}"], input: review)
            #expect(reviewed.stdout == "true system:serviceaccount:default:robot", "\(reviewed.stderr)")
            #expect(try await kubectl.run("--token", token + "x", "get", "pods").stderr.contains("Unauthorized"))
            #expect(try await kubectl.run("create", "token", "missing").stderr.contains(#"serviceaccounts "missing" not found"#))
        }
    }
}
