import Foundation
import Testing
import WharfTestSupport

/// ValidatingAdmissionPolicy against `wharf up` with kubectl 1.33: a policy taking its limit from
/// a ConfigMap, a `Deny` binding refusing with kube-apiserver's message, a `Warn` binding's
/// warning on kubectl's stderr, the policy checked at create, and a removed binding letting writes through.
extension KubectlTests {
    /// A policy limiting deployment replicas to `params.data.maxReplicas`.
    private static let maxReplicasPolicy = """
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": {"name": "max-replicas"},
         "spec": {"failurePolicy": "Fail", "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
          "matchConstraints": {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
                                                   "resources": ["deployments"]}]},
          "validations": [{"expression": "object.spec.replicas <= int(params.data.maxReplicas)",
                           "messageExpression": "'replicas must be at most ' + params.data.maxReplicas"}]}}
        """

    /// A binding of `max-replicas` with the ConfigMap `limits` of the request's namespace.
    private static func binding(_ name: String, action: String, limits: String) -> String {
        """
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": {"name": "\(name)"},
         "spec": {"policyName": "max-replicas", "validationActions": ["\(action)"],
                  "paramRef": {"name": "\(limits)", "parameterNotFoundAction": "Deny"}}}
        """
    }

    @Test func validatingAdmissionPoliciesDenyWarnAndStopWithTheirBinding() async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: 33, kubeconfig: up.kubeconfig)
            #expect(try await kubectl.run("create", "configmap", "limits", "--from-literal=maxReplicas=3").status == 0)
            #expect(try await kubectl.run("create", "configmap", "strict-limits", "--from-literal=maxReplicas=1").status == 0)
            let policy = try await kubectl.run(["create", "-f", "-"], input: Self.maxReplicasPolicy)
            #expect(policy.status == 0, "\(policy.stderr)")

            // Bound with Deny: a deployment over the limit is refused in kube-apiserver's words.
            let deny = try await kubectl.run(["create", "-f", "-"], input: Self.binding("max-replicas-deny", action: "Deny", limits: "limits"))
            #expect(deny.status == 0, "\(deny.stderr)")
            #expect(try await eventually(within: .seconds(5)) {
                try await kubectl.run("create", "deployment", "probe", "--image=nginx", "--replicas=5", "--dry-run=server").status != 0
            })
            let refused = try await kubectl.run("create", "deployment", "big", "--image=nginx", "--replicas=5")
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(
                "deployments.apps \"big\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-deny' "
                    + "denied request: replicas must be at most 3"
            ), "\(refused.stderr)")
            let conforming = try await kubectl.run("create", "deployment", "small", "--image=nginx", "--replicas=2")
            #expect(conforming.status == 0, "\(conforming.stderr)")
            let patched = try await kubectl.run("patch", "deployment", "small", "--type=merge", "-p", #"{"spec":{"replicas":4}}"#)
            #expect(patched.stderr.contains("denied request: replicas must be at most 3"), "updates are matched too: \(patched.stderr)")
            // As in kube-apiserver, the rule names `deployments`, not `deployments/scale`: scaling is not matched.
            let scaled = try await kubectl.run("scale", "deployment", "small", "--replicas=4")
            #expect(scaled.status == 0, "\(scaled.stderr)")

            // Bound with Warn against a stricter limit: the write passes with kubectl's Warning line.
            let warn = try await kubectl.run(["create", "-f", "-"], input: Self.binding("max-replicas-warn", action: "Warn", limits: "strict-limits"))
            #expect(warn.status == 0, "\(warn.stderr)")
            var warned = try await kubectl.run("create", "deployment", "medium", "--image=nginx", "--replicas=2", "--dry-run=server")
            #expect(try await eventually(within: .seconds(5)) {
                warned = try await kubectl.run("create", "deployment", "medium", "--image=nginx", "--replicas=2", "--dry-run=server")
                return warned.stderr.contains("Warning:")
            })
            #expect(warned.status == 0, "\(warned.stderr)")
            #expect(warned.stderr.contains(
                "Warning: Validation failed for ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-warn': "
                    + "replicas must be at most 1"
            ), "\(warned.stderr)")

            // A policy whose expression does not compile is refused at create.
            let broken = Self.maxReplicasPolicy.replacingOccurrences(of: #""name": "max-replicas""#, with: #""name": "broken""#)
                .replacingOccurrences(of: "object.spec.replicas <=", with: "object.spec.replicas <= <=")
            let refusedPolicy = try await kubectl.run(["create", "-f", "-"], input: broken)
            #expect(refusedPolicy.status != 0)
            #expect(refusedPolicy.stderr.contains("spec.validations[0].expression: Invalid value:"), "\(refusedPolicy.stderr)")
            #expect(refusedPolicy.stderr.contains("compilation failed: ERROR: <input>:1:"), "\(refusedPolicy.stderr)")

            // Without its Deny binding the policy refuses nothing (the Warn binding still warns).
            #expect(try await kubectl.run("delete", "validatingadmissionpolicybinding", "max-replicas-deny").status == 0)
            #expect(try await eventually(within: .seconds(5)) {
                try await kubectl.run("create", "deployment", "big", "--image=nginx", "--replicas=5").status == 0
            })
        }
    }
}
