import KubeModel

/// A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) read and compiled: what it
/// matches, the CEL it runs and how failures count. Compiled once per `resourceVersion` by
/// ``ValidatingAdmissionPolicies``, never per request.
struct ValidatingAdmissionPolicy: Sendable {
    /// A named expression: a match condition, a variable or an audit annotation.
    struct NamedExpression: Sendable {
        var name: String
        var expression: PolicyExpression
    }

    /// One entry of `spec.validations`.
    struct Validation: Sendable {
        var expression: PolicyExpression
        var message: String
        var messageExpression: PolicyExpression?
        /// `Unauthorized`, `Forbidden`, `Invalid` or `RequestEntityTooLarge`; `nil` is `Invalid`.
        var reason: String?
    }

    /// `spec.paramKind`: the kind of the objects bindings name as parameters.
    struct ParamKind: Sendable, Equatable {
        var apiVersion: String
        var kind: String

        /// The group, version and kind; `apiVersion` is `group/version`, or `version` for the core group.
        var groupVersionKind: GroupVersionKind {
            let parts = self.apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
            return parts.count == 2
                ? GroupVersionKind(group: parts[0], version: parts[1], kind: self.kind)
                : GroupVersionKind(group: "", version: self.apiVersion, kind: self.kind)
        }
    }

    var name: String
    var resourceVersion: String
    /// `Fail` (the default) or `Ignore`: what an expression error or a misconfiguration does.
    var failurePolicy: String
    var paramKind: ParamKind?
    /// `spec.matchConstraints`; `nil` when it cannot be read (a malformed selector), which is a
    /// configuration error for every request.
    var matchConstraints: AdmissionMatchResources?
    var matchConditions: AdmissionMatchConditions
    var variables: [NamedExpression]
    var validations: [Validation]
    var auditAnnotations: [NamedExpression]

    /// Reads and compiles a stored policy.
    init(_ policy: JSONValue) {
        let spec = policy["spec"] ?? [:]
        func named(_ field: String, key: String, expression: String) -> [NamedExpression] {
            (spec[field]?.arrayValue ?? []).map { entry in
                NamedExpression(name: entry[key]?.stringValue ?? "", expression: PolicyExpression(entry[expression]?.stringValue ?? ""))
            }
        }
        self.name = policy.name
        self.resourceVersion = policy.resourceVersion
        self.failurePolicy = spec["failurePolicy"]?.stringValue ?? "Fail"
        self.paramKind = spec["paramKind"].flatMap { kind in
            kind == .null ? nil : ParamKind(apiVersion: kind["apiVersion"]?.stringValue ?? "", kind: kind["kind"]?.stringValue ?? "")
        }
        self.matchConstraints = try? AdmissionMatchResources(spec["matchConstraints"])
        self.matchConditions = AdmissionMatchConditions(spec["matchConditions"]?.arrayValue, variables: PolicyExpression.variables)
        self.variables = named("variables", key: "name", expression: "expression")
        self.auditAnnotations = named("auditAnnotations", key: "key", expression: "valueExpression")
        self.validations = (spec["validations"]?.arrayValue ?? []).map { entry in
            let messageExpression = entry["messageExpression"]?.stringValue ?? ""
            return Validation(
                expression: PolicyExpression(entry["expression"]?.stringValue ?? ""),
                message: entry["message"]?.stringValue ?? "",
                messageExpression: messageExpression.isEmpty ? nil : PolicyExpression(messageExpression),
                reason: entry["reason"]?.stringValue
            )
        }
    }
}
