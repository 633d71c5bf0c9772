import BrainEngine
import KubeModel
import Logging
import Testing

@testable import APIServer

/// The ValidatingAdmissionPolicy step over a real (in-memory) store: policies and bindings
/// followed from it, parameters read from it, and kube-apiserver's denials and warnings.
@Suite struct ValidatingAdmissionPoliciesTests {
    private typealias Fixture = ValidatingAdmissionPolicyTests

    /// A store with the step following it; `body` runs while it follows. `served` may serve more
    /// than the built-in resources.
    private static func withStep(
        served: ServedResources = ServedResources(builtin: .builtin), _ body: (ObjectStore, ValidatingAdmissionPolicies) async throws -> Void
    ) async throws {
        let store = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "test"))
        let objects = ObjectStore(store: store)
        let step = ValidatingAdmissionPolicies(objects: objects, served: served, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await step.run() }
            defer { group.cancelAll() }
            try await body(objects, step)
        }
    }

    /// Stores an object of the built-in `resource`.
    private static func create(_ objects: ObjectStore, _ group: String, _ resource: String, _ text: String) async throws {
        _ = try await objects.create(Fixture.definition(group, "v1", resource), Fixture.json(text))
    }

    /// Waits until the step sees `count` bound policies whose bindings number `bindings`.
    private static func waitForHooks(_ step: ValidatingAdmissionPolicies, bindings: Int) async throws {
        for _ in 0..<250 where step.hooks.reduce(0, { $0 + $1.bindings.count }) != bindings {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(step.hooks.reduce(0, { $0 + $1.bindings.count }) == bindings)
    }

    /// The error `validate` throws, if any.
    private static func refusal(_ step: ValidatingAdmissionPolicies, _ attributes: AdmissionAttributes) async -> StatusError? {
        do {
            try await step.validate(attributes)
            return nil
        } catch {
            return error as? StatusError
        }
    }

    private static let maxReplicasPolicy = """
        {"metadata": {"name": "max-replicas"}, "spec": {
          "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
          "matchConstraints": {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE"],
                                                   "resources": ["deployments"]}]},
          "validations": [{"expression": "object.spec.replicas <= int(params.data.maxReplicas)",
                           "messageExpression": "'at most ' + params.data.maxReplicas + ' replicas'"}]}}
        """

    @Test func bindingsPutPoliciesInForceWithParamsFromTheStore() async throws {
        try await Self.withStep { objects, step in
            try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicies", Self.maxReplicasPolicy)
            try await Self.create(objects, "", "configmaps", #"{"metadata": {"name": "limits", "namespace": "default"}, "data": {"maxReplicas": "3"}}"#)
            #expect(await Self.refusal(step, Fixture.deploymentCreate(replicas: 9)) == nil, "a policy without bindings does nothing")

            try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicybindings", """
                {"metadata": {"name": "deny-big"}, "spec": {"policyName": "max-replicas", "validationActions": ["Deny"],
                 "paramRef": {"name": "limits", "parameterNotFoundAction": "Deny"}}}
                """)
            try await Self.waitForHooks(step, bindings: 1)
            #expect(await Self.refusal(step, Fixture.deploymentCreate(replicas: 2)) == nil)
            let refusal = try #require(await Self.refusal(step, Fixture.deploymentCreate(replicas: 9)))
            let expected = "ValidatingAdmissionPolicy 'max-replicas' with binding 'deny-big' denied request: at most 3 replicas"
            #expect(refusal.code == 422)
            #expect(refusal.reason == "Invalid")
            #expect(refusal.message == "deployments.apps \"web\" is forbidden: \(expected)")
            #expect(refusal.causes.map(\.message) == [expected])

            // The parameter is looked up in the request's namespace: none there fails under `Deny`.
            let elsewhere = try #require(await Self.refusal(step, Fixture.deploymentCreate(replicas: 1, namespace: "other")))
            #expect(elsewhere.message.hasSuffix(
                "with binding 'deny-big' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction"
            ))
        }
    }

    @Test func warnBindingsAddWarningsAndSelectorsPickSeveralParams() async throws {
        try await Self.withStep { objects, step in
            try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicies", Self.maxReplicasPolicy)
            for (name, limit) in [("small", "2"), ("large", "8")] {
                try await Self.create(objects, "", "configmaps", """
                    {"metadata": {"name": "\(name)", "namespace": "default", "labels": {"limits": "yes"}}, "data": {"maxReplicas": "\(limit)"}}
                    """)
            }
            try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicybindings", """
                {"metadata": {"name": "warn-big"}, "spec": {"policyName": "max-replicas", "validationActions": ["Warn", "Audit"],
                 "paramRef": {"selector": {"matchLabels": {"limits": "yes"}}, "parameterNotFoundAction": "Allow"}}}
                """)
            try await Self.waitForHooks(step, bindings: 1)
            let warnings = RequestWarnings()
            let refusal = await RequestWarnings.$current.withValue(warnings) {
                await Self.refusal(step, Fixture.deploymentCreate(replicas: 5))
            }
            #expect(refusal == nil, "Warn does not refuse")
            #expect(warnings.all == [
                "Validation failed for ValidatingAdmissionPolicy 'max-replicas' with binding 'warn-big': at most 2 replicas",
            ])
            #expect(await Self.refusal(step, Fixture.deploymentCreate(replicas: 5, namespace: "empty")) == nil, "Allow admits without params")
        }
    }

    @Test func customResourceParamsNamespaceObjectsAndConfigurationErrors() async throws {
        let served = ServedResources(builtin: .builtin)
        let limits = ResourceDefinition(
            resource: GroupVersionResource(group: "example.com", version: "v1", resource: "limits"), kind: "Limit", namespaced: false,
            storagePath: "example.com/limits"
        )
        served.setCustomResources([limits], forDefinition: "limits.example.com")
        try await Self.withStep(served: served) { objects, step in
            _ = try await objects.create(limits, Fixture.json(#"{"apiVersion": "example.com/v1", "kind": "Limit", "metadata": {"name": "global"}, "max": 4}"#))
            for namespace in ["prod", "dev"] {
                try await Self.create(objects, "", "namespaces", #"{"metadata": {"name": "\#(namespace)", "labels": {"env": "\#(namespace)"}}}"#)
            }
            try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicies", """
                {"metadata": {"name": "crd-limit"}, "spec": {
                  "paramKind": {"apiVersion": "example.com/v1", "kind": "Limit"},
                  "matchConstraints": {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE"],
                                                           "resources": ["deployments"]}]},
                  "validations": [{"expression": "namespaceObject.metadata.labels.env != 'prod' || object.spec.replicas <= params.max",
                                   "message": "prod is limited", "reason": "Forbidden"}]}}
                """)
            try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicies", """
                {"metadata": {"name": "unserved-param"}, "spec": {"failurePolicy": "Fail",
                  "paramKind": {"apiVersion": "example.com/v1", "kind": "Missing"},
                  "matchConstraints": {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE"],
                                                           "resources": ["deployments"], "resourceNames": ["unserved"]}]},
                  "validations": [{"expression": "true"}]}}
                """)
            for (binding, policy) in [("crd-limit", "crd-limit"), ("unserved-param", "unserved-param")] {
                try await Self.create(objects, "admissionregistration.k8s.io", "validatingadmissionpolicybindings", """
                    {"metadata": {"name": "\(binding)"}, "spec": {"policyName": "\(policy)", "validationActions": ["Deny"],
                     "paramRef": {"name": "global", "parameterNotFoundAction": "Deny"}}}
                    """)
            }
            try await Self.waitForHooks(step, bindings: 2)

            #expect(await Self.refusal(step, Fixture.deploymentCreate(replicas: 9, namespace: "dev")) == nil, "only prod is limited")
            #expect(await Self.refusal(step, Fixture.deploymentCreate(replicas: 4, namespace: "prod")) == nil)
            let refusal = try #require(await Self.refusal(step, Fixture.deploymentCreate(replicas: 5, namespace: "prod")))
            #expect(refusal.code == 403)
            #expect(refusal.reason == "Forbidden")
            #expect(refusal.message.hasSuffix("ValidatingAdmissionPolicy 'crd-limit' with binding 'crd-limit' denied request: prod is limited"))

            let unserved = try #require(await Self.refusal(step, Fixture.deploymentCreate(replicas: 1, name: "unserved", namespace: "dev")))
            #expect(unserved.message.hasSuffix(
                "ValidatingAdmissionPolicy 'unserved-param' denied request: failed to configure policy: "
                    + "failed to find resource referenced by paramKind: 'example.com/v1, Kind=Missing'"
            ))
        }
    }
}
