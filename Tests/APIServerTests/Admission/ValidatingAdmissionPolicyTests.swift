import KubeModel
import Testing

@testable import APIServer

/// ValidatingAdmissionPolicy without a store: matching, CEL variables, messages, failure
/// policies and the create-time checks.
@Suite struct ValidatingAdmissionPolicyTests {
    static func definition(_ group: String, _ version: String, _ resource: String) -> ResourceDefinition {
        ResourceCatalog.builtin.definition(for: GroupVersionResource(group: group, version: version, resource: resource))!
    }

    static func json(_ text: String) -> JSONValue {
        try! JSONParser.parse(Array(text.utf8))
    }

    /// A deployment create in `namespace` with `replicas` and labels.
    static func deploymentCreate(
        replicas: Int, name: String = "web", namespace: String = "default", labels: [String: String] = [:],
        namespaceLabels: [String: String]? = [:]
    ) -> AdmissionAttributes {
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(labels.map { ($0.key, JSONValue.string($0.value)) })) }
        let object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": .object(metadata),
            "spec": ["replicas": .integer(Int64(replicas))],
        ]
        return AdmissionAttributes(
            operation: "CREATE", definition: Self.definition("apps", "v1", "deployments"), subresource: "", name: name,
            namespace: namespace, user: UserInfo(name: "alice", uid: "u-1", groups: ["dev"], extra: ["scopes": ["a"]]),
            object: object, oldObject: nil, dryRun: false, namespaceLabels: namespaceLabels
        )
    }

    /// A policy on deployments with the given spec fields besides `matchConstraints`.
    static func policy(_ specFields: String, failurePolicy: String = "Fail") -> ValidatingAdmissionPolicy {
        ValidatingAdmissionPolicy(Self.json("""
            {"metadata": {"name": "p", "resourceVersion": "7"}, "spec": {"failurePolicy": "\(failurePolicy)",
             "matchConstraints": {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
               "resources": ["deployments"]}]}, \(specFields)}}
            """))
    }

    static func activation(_ attributes: AdmissionAttributes, params: JSONValue? = nil) -> PolicyActivation {
        PolicyActivation(attributes, params: params, namespace: nil)
    }

    // MARK: matching

    @Test func resourceRulesMatchResourcesSubresourcesWildcardsAndNames() throws {
        let match = try AdmissionMatchResources(Self.json("""
            {"resourceRules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["UPDATE"], "resources": ["pods/status"]},
                               {"apiGroups": ["apps"], "apiVersions": ["*"], "operations": ["*"], "resources": ["*"],
                                "resourceNames": ["web", "api"]}],
             "excludeResourceRules": [{"apiGroups": ["apps"], "apiVersions": ["*"], "operations": ["DELETE"], "resources": ["*"]}]}
            """))
        var status = Self.deploymentCreate(replicas: 1)
        status.definition = Self.definition("", "v1", "pods")
        status.operation = "UPDATE"
        status.subresource = "status"
        #expect(match.matches(status))
        status.subresource = ""
        #expect(!match.matches(status), "pods/status does not match the pod itself")

        #expect(match.matches(Self.deploymentCreate(replicas: 1, name: "web")))
        #expect(!match.matches(Self.deploymentCreate(replicas: 1, name: "other")), "resourceNames limit the rule")
        var delete = Self.deploymentCreate(replicas: 1, name: "api")
        delete.operation = "DELETE"
        #expect(!match.matches(delete), "exclude rules win")
    }

    @Test func selectorsAndMatchPolicyNarrowTheMatch() throws {
        let match = try AdmissionMatchResources(Self.json("""
            {"resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1beta1"], "operations": ["CREATE"], "resources": ["deployments"]}],
             "namespaceSelector": {"matchLabels": {"env": "prod"}},
             "objectSelector": {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web"]}]}}
            """))
        let matching = Self.deploymentCreate(replicas: 1, labels: ["tier": "web"], namespaceLabels: ["env": "prod"])
        #expect(match.matches(matching), "Equivalent (the default) matches v1 through a v1beta1 rule")
        #expect(!match.matches(Self.deploymentCreate(replicas: 1, labels: ["tier": "db"], namespaceLabels: ["env": "prod"])))
        #expect(!match.matches(Self.deploymentCreate(replicas: 1, labels: ["tier": "web"], namespaceLabels: ["env": "dev"])))
        var exact = match
        exact.matchPolicy = "Exact"
        #expect(!exact.matches(matching))

        let binding = ValidatingAdmissionPolicyBinding(Self.json(#"{"metadata": {"name": "b"}, "spec": {"policyName": "p"}}"#))
        #expect(binding.matches(Self.deploymentCreate(replicas: 1)), "a binding without matchResources matches everything")
    }

    // MARK: evaluation

    @Test func validationsDenyWithMessageReasonAndDefaultMessage() {
        let policy = Self.policy("""
            "validations": [{"expression": "object.spec.replicas <= 5"},
                            {"expression": "object.spec.replicas <= 3", "message": "  too many  ", "reason": "Forbidden"}]
            """)
        #expect(policy.evaluate(Self.activation(Self.deploymentCreate(replicas: 2))).allSatisfy { $0.action == .admit })
        let decisions = policy.evaluate(Self.activation(Self.deploymentCreate(replicas: 6)))
        #expect(decisions == [
            .deny("failed expression: object.spec.replicas <= 5", reason: "Invalid"), .deny("too many", reason: "Forbidden"),
        ])
        #expect(PolicyDecision.code(forReason: "Forbidden") == 403)
        #expect(PolicyDecision.code(forReason: "Invalid") == 422)
        #expect(PolicyDecision.code(forReason: "RequestEntityTooLarge") == 413)
    }

    @Test func messageExpressionComputesTheMessageAndFallsBack() {
        let policy = Self.policy("""
            "validations": [
              {"expression": "object.spec.replicas <= params.max", "message": "static",
               "messageExpression": "'replicas ' + string(object.spec.replicas) + ' over ' + string(params.max)"},
              {"expression": "false", "message": "static", "messageExpression": "'two\\\\nlines'"},
              {"expression": "false", "message": "kept", "messageExpression": "object.spec.missing"}]
            """)
        let decisions = policy.evaluate(Self.activation(Self.deploymentCreate(replicas: 9), params: ["max": 4]))
        #expect(decisions.map(\.message) == ["replicas 9 over 4", "static", "kept"])
    }

    @Test func variablesAreComputedOnlyWhenReadAndReportTheirErrors() {
        let policy = Self.policy("""
            "variables": [{"name": "replicas", "expression": "object.spec.replicas"},
                          {"name": "broken", "expression": "object.spec.missing"},
                          {"name": "doubled", "expression": "variables.replicas * 2"}],
            "validations": [{"expression": "variables.doubled <= 10"},
                            {"expression": "variables.replicas < 100 || variables.broken"},
                            {"expression": "variables.broken == 1"}]
            """)
        let decisions = policy.evaluate(Self.activation(Self.deploymentCreate(replicas: 6)))
        #expect(decisions.count == 3)
        #expect(decisions[0] == .deny("failed expression: variables.doubled <= 10"))
        #expect(decisions[1].action == .admit, "a short-circuited failing variable does not matter")
        #expect(decisions[2] == .deny(
            "expression 'variables.broken == 1' resulted in error: composited variable \"broken\" fails to be evaluated: no such key: missing"
        ))
    }

    @Test func requestAndNullVariablesFollowKube() {
        let policy = Self.policy("""
            "validations": [
              {"expression": "request.operation == 'CREATE' && request.userInfo.username == 'alice' && 'dev' in request.userInfo.groups"},
              {"expression": "request.kind.kind == 'Deployment' && request.resource.resource == 'deployments' && request.subResource == ''"},
              {"expression": "request.userInfo.extra.scopes == ['a'] && request.dryRun == false && request.namespace == 'default'"},
              {"expression": "oldObject == null && params == null && namespaceObject == null"}]
            """)
        let decisions = policy.evaluate(Self.activation(Self.deploymentCreate(replicas: 1)))
        #expect(decisions.count == 4)
        #expect(decisions.allSatisfy { $0.action == .admit }, "\(decisions)")
    }

    @Test func matchConditionsSkipOrFailByFailurePolicy() {
        let skip = Self.policy("""
            "matchConditions": [{"name": "big", "expression": "object.spec.replicas > 3"}],
            "validations": [{"expression": "false"}]
            """)
        #expect(skip.evaluate(Self.activation(Self.deploymentCreate(replicas: 1))).isEmpty)
        #expect(skip.evaluate(Self.activation(Self.deploymentCreate(replicas: 5))) == [.deny("failed expression: false")])

        let fields = """
            "matchConditions": [{"name": "bad", "expression": "object.spec.missing > 3"}], "validations": [{"expression": "false"}]
            """
        #expect(Self.policy(fields).evaluate(Self.activation(Self.deploymentCreate(replicas: 1))) == [
            .deny("expression 'object.spec.missing > 3' resulted in error: no such key: missing"),
        ])
        let ignored = Self.policy(fields, failurePolicy: "Ignore").evaluate(Self.activation(Self.deploymentCreate(replicas: 1)))
        #expect(ignored.allSatisfy { $0.action == .admit })
    }

    @Test func expressionsThatDoNotCompileFailRequestsAndAreRefusedAtCreate() {
        let fields = #""validations": [{"expression": "object.spec.replicas <"}, {"expression": "authorizer.group('').check('x')"}]"#
        let decisions = Self.policy(fields).evaluate(Self.activation(Self.deploymentCreate(replicas: 1)))
        #expect(decisions.count == 2)
        #expect(decisions.allSatisfy { $0.action == .deny })
        #expect(decisions[0].message.hasPrefix("compilation error: compilation failed: ERROR: <input>:1:"))
        #expect(decisions[1].message == "compilation error: \(PolicyExpression.authorizerUnsupported)")

        let stored = Self.json(#"{"metadata": {"name": "p"}, "spec": {"matchConstraints": {"resourceRules": []}, "#
            + fields + #", "failurePolicy": "Sometimes"}}"#)
        let causes = ValidatingAdmissionPolicy.problems(stored)
        #expect(causes.map(\.field) == [
            "spec.failurePolicy", "spec.matchConstraints.resourceRules", "spec.validations[0].expression", "spec.validations[1].expression",
        ])
        #expect(causes[2].message.hasPrefix("Invalid value: \"object.spec.replicas <\": compilation failed: ERROR: <input>:1:"))
        #expect(causes[3].type == "FieldValueForbidden")
        let variables = Self.json(#"""
            {"spec": {"matchConstraints": {"resourceRules": [{"resources": ["pods"]}]}, "validations": [{"expression": "true"}],
                      "variables": [{"name": "a-b", "expression": "1"}, {"name": "c", "expression": "1"}, {"name": "c", "expression": "2"}]}}
            """#)
        #expect(ValidatingAdmissionPolicy.problems(variables).map(\.message) == [
            "Invalid value: \"a-b\": name is not a valid CEL identifier", "Duplicate value: \"c\"",
        ])
        #expect(ValidatingAdmissionPolicy.problems(Self.json(#"{"spec": {}}"#)).map(\.message) == [
            "Required value", "Required value: validations or auditAnnotations must contain at least one item",
        ])
    }

    @Test func bindingsAreCheckedAtCreate() {
        let causes = ValidatingAdmissionPolicyBinding.problems(Self.json("""
            {"spec": {"validationActions": ["Deny", "Warn", "Shout"], "paramRef": {"name": "a", "selector": {}}}}
            """))
        #expect(causes.map(\.field) == [
            "spec.policyName", "spec.validationActions[2]", "spec.validationActions", "spec.paramRef.name",
            "spec.paramRef.parameterNotFoundAction",
        ])
        #expect(causes[2].message.hasSuffix("must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"))
        #expect(ValidatingAdmissionPolicyBinding.problems(Self.json("""
            {"spec": {"policyName": "p", "validationActions": ["Warn", "Audit"], "paramRef": {"name": "a", "parameterNotFoundAction": "Allow"}}}
            """)).isEmpty)
    }
}
