import KubeModel

/// One webhook of a Mutating- or ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1),
/// read into what calling it needs.
struct AdmissionWebhook: Sendable {
    /// The configuration's name, which orders webhooks (configurations by name, then in order).
    var configuration: String
    var name: String
    var mutating: Bool
    var url: String
    /// PEM certificates the webhook's serving certificate must chain to; empty trusts the system roots.
    var caBundle: [UInt8]
    /// The `rules`, selectors and `matchPolicy`: which requests the webhook wants.
    var match: AdmissionMatchResources
    /// CEL conditions a request the rules and selectors matched must also meet.
    var matchConditions: AdmissionMatchConditions
    /// `Fail` (refuse the request when the call fails) or `Ignore`.
    var failurePolicy: String
    /// `None` and `NoneOnDryRun` may be called for dry runs; `Some` and `Unknown` may not.
    var sideEffects: String
    var timeout: Duration
    /// `IfNeeded`: called again when a later mutating webhook changed the object.
    var reinvocationPolicy: String

    /// The webhooks of one configuration object; those that cannot be read (no URL or service, a
    /// malformed selector) are skipped.
    static func webhooks(of configuration: JSONValue, mutating: Bool) -> [AdmissionWebhook] {
        let entries: [JSONValue] = configuration["webhooks"]?.arrayValue ?? []
        return entries.compactMap { webhook -> AdmissionWebhook? in
            let clientConfig = WebhookClientConfig(webhook["clientConfig"] ?? .null)
            guard let name = webhook["name"]?.stringValue, let url = clientConfig.target,
                  let namespaceSelector = try? LabelSelector(structured: webhook["namespaceSelector"]),
                  let objectSelector = try? LabelSelector(structured: webhook["objectSelector"])
            else { return nil }
            let match = AdmissionMatchResources(
                resourceRules: (webhook["rules"]?.arrayValue ?? []).map(AdmissionRule.init),
                namespaceSelector: namespaceSelector, objectSelector: objectSelector,
                matchPolicy: webhook["matchPolicy"]?.stringValue ?? "Equivalent"
            )
            return AdmissionWebhook(
                configuration: configuration.name, name: name, mutating: mutating, url: url, caBundle: clientConfig.caBundle,
                match: match,
                matchConditions: AdmissionMatchConditions(webhook["matchConditions"]?.arrayValue, variables: PolicyExpression.webhookVariables),
                failurePolicy: webhook["failurePolicy"]?.stringValue ?? "Fail",
                sideEffects: webhook["sideEffects"]?.stringValue ?? "Unknown",
                timeout: .seconds(webhook["timeoutSeconds"]?.integerValue ?? 10),
                reinvocationPolicy: webhook["reinvocationPolicy"]?.stringValue ?? "Never"
            )
        }
    }

    /// Whether the webhook wants this request: a rule matches (in any version under `Equivalent`),
    /// and the object's labels and its namespace's labels satisfy the selectors.
    func wants(_ attributes: AdmissionAttributes) -> Bool {
        self.match.matches(attributes)
    }

    /// What the match conditions say of a request the webhook ``wants(_:)``; their expressions
    /// see `object`, `oldObject` and `request`.
    func matchConditionOutcome(_ attributes: AdmissionAttributes) -> AdmissionMatchConditions.Outcome {
        guard !self.matchConditions.conditions.isEmpty else { return .matches }
        var scope = PolicyVariableScope([], activation: PolicyActivation(attributes, params: nil, namespace: nil))
        var budget = CustomResourceSchema.ruleCostBudget
        return self.matchConditions.evaluate(in: &scope, budget: &budget)
    }

    /// The kinds whose writes ``problems(_:)`` checks.
    static let configurationKinds: Set<GroupVersionKind> = [
        GroupVersionKind(group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration"),
        GroupVersionKind(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration"),
    ]

    /// Why kube-apiserver would refuse to store this webhook configuration: match conditions
    /// that are too many, badly named or do not compile.
    static func problems(_ configuration: JSONValue) -> [StatusCause] {
        (configuration["webhooks"]?.arrayValue ?? []).enumerated().flatMap { index, webhook in
            AdmissionMatchConditions.problems(
                webhook["matchConditions"]?.arrayValue, at: "webhooks[\(index)].matchConditions", variables: PolicyExpression.webhookVariables
            )
        }
    }
}
