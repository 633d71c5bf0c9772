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
}
