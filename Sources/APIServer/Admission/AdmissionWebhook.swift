import Foundation
import KubeModel

/// One webhook of a Mutating- or ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1),
/// read into what calling it needs.
struct AdmissionWebhook: Sendable {
    /// One entry of `rules`: which operations on which resources the webhook wants.
    struct Rule: Sendable {
        var operations: [String]
        var apiGroups: [String]
        var apiVersions: [String]
        var resources: [String]
        /// `Namespaced`, `Cluster` or `*`.
        var scope: String

        func matches(_ attributes: AdmissionAttributes, anyVersion: Bool) -> Bool {
            let resource = attributes.definition.resource
            let path = attributes.subresource.isEmpty ? resource.resource : "\(resource.resource)/\(attributes.subresource)"
            return Self.contains(self.operations, attributes.operation)
                && Self.contains(self.apiGroups, resource.group)
                && (anyVersion || Self.contains(self.apiVersions, resource.version))
                && self.resources.contains { pattern in
                    pattern == "*/*" || pattern == path
                        || (pattern == "*" && attributes.subresource.isEmpty)
                        || (pattern.hasSuffix("/*") && attributes.subresource.isEmpty == false && pattern.dropLast(2) == resource.resource)
                        || (pattern.hasPrefix("*/") && pattern.dropFirst(2) == attributes.subresource)
                }
                && (self.scope == "*" || self.scope == (attributes.definition.namespaced ? "Namespaced" : "Cluster"))
        }

        private static func contains(_ values: [String], _ value: String) -> Bool {
            values.contains("*") || values.contains(value)
        }
    }

    /// The configuration's name, which orders webhooks (configurations by name, then in order).
    var configuration: String
    var name: String
    var mutating: Bool
    var url: String
    /// PEM certificates the webhook's serving certificate must chain to; empty trusts the system roots.
    var caBundle: [UInt8]
    var rules: [Rule]
    /// `Fail` (refuse the request when the call fails) or `Ignore`.
    var failurePolicy: String
    /// `Equivalent` also matches the same resource in other versions; `Exact` does not.
    var matchPolicy: String
    var namespaceSelector: LabelSelector
    var objectSelector: LabelSelector
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
            guard let name = webhook["name"]?.stringValue, let url = Self.url(webhook["clientConfig"]),
                  let namespaceSelector = try? LabelSelector(structured: webhook["namespaceSelector"]),
                  let objectSelector = try? LabelSelector(structured: webhook["objectSelector"])
            else { return nil }
            let ruleEntries: [JSONValue] = webhook["rules"]?.arrayValue ?? []
            let rules = ruleEntries.map { rule in
                Rule(
                    operations: Self.strings(rule["operations"]), apiGroups: Self.strings(rule["apiGroups"]),
                    apiVersions: Self.strings(rule["apiVersions"]), resources: Self.strings(rule["resources"]),
                    scope: rule["scope"]?.stringValue ?? "*"
                )
            }
            let bundle = webhook["clientConfig"]?["caBundle"]?.stringValue.flatMap { Data(base64Encoded: $0) } ?? Data()
            return AdmissionWebhook(
                configuration: configuration.name, name: name, mutating: mutating, url: url, caBundle: Array(bundle),
                rules: rules,
                failurePolicy: webhook["failurePolicy"]?.stringValue ?? "Fail",
                matchPolicy: webhook["matchPolicy"]?.stringValue ?? "Equivalent",
                namespaceSelector: namespaceSelector, objectSelector: objectSelector,
                sideEffects: webhook["sideEffects"]?.stringValue ?? "Unknown",
                timeout: .seconds(webhook["timeoutSeconds"]?.integerValue ?? 10),
                reinvocationPolicy: webhook["reinvocationPolicy"]?.stringValue ?? "Never"
            )
        }
    }

    /// The URL to call: `clientConfig.url`, or the Service's address (`https://name.namespace.svc:port/path`),
    /// which resolves only where cluster DNS does.
    private static func url(_ clientConfig: JSONValue?) -> String? {
        if let url = clientConfig?["url"]?.stringValue { return url }
        guard let service = clientConfig?["service"], let name = service["name"]?.stringValue,
              let namespace = service["namespace"]?.stringValue else { return nil }
        let port = service["port"]?.integerValue ?? 443
        return "https://\(name).\(namespace).svc:\(port)\(service["path"]?.stringValue ?? "")"
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Whether the webhook wants this request: a rule matches (in any version under `Equivalent`),
    /// and the object's labels and its namespace's labels satisfy the selectors.
    func wants(_ attributes: AdmissionAttributes) -> Bool {
        guard self.rules.contains(where: { $0.matches(attributes, anyVersion: self.matchPolicy == "Equivalent") }) else {
            return false
        }
        let labels = [attributes.object, attributes.oldObject].compactMap { $0?.labels }
        guard labels.isEmpty ? self.objectSelector.isEmpty : labels.contains(where: self.objectSelector.matches) else {
            return false
        }
        if let namespaceLabels = attributes.namespaceLabels {
            return self.namespaceSelector.matches(namespaceLabels)
        }
        return true
    }
}
