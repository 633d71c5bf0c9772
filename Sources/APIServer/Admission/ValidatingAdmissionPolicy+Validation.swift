import Foundation
import KubeModel

extension ValidatingAdmissionPolicy {
    /// The kind whose writes ``problems(_:)`` checks.
    static let kind = GroupVersionKind(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicy")

    /// The values `validations[].reason` may take.
    static let reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"]

    /// Why kube-apiserver would refuse to store this policy (a `422` on create and update): the
    /// required parts (match constraints with resource rules; validations or audit
    /// annotations), known enumerations, selectors that parse, and expressions that compile.
    /// A policy using `authorizer` is refused too, as this server cannot evaluate it.
    static func problems(_ policy: JSONValue) -> [StatusCause] {
        let spec = policy["spec"] ?? [:]
        var causes: [StatusCause] = []
        func expression(_ source: String?, at field: String) {
            causes += PolicyExpression.problems(source, at: field, variables: PolicyExpression.variables)
        }
        if let failurePolicy = spec["failurePolicy"]?.stringValue, !["Fail", "Ignore"].contains(failurePolicy) {
            causes.append(.notSupported("spec.failurePolicy", value: failurePolicy, supported: ["Fail", "Ignore"]))
        }
        if let paramKind = spec["paramKind"], paramKind != .null {
            if (paramKind["apiVersion"]?.stringValue ?? "").isEmpty { causes.append(.required("spec.paramKind.apiVersion")) }
            if (paramKind["kind"]?.stringValue ?? "").isEmpty { causes.append(.required("spec.paramKind.kind")) }
        }
        if let constraints = spec["matchConstraints"], constraints != .null {
            if (constraints["resourceRules"]?.arrayValue ?? []).isEmpty {
                causes.append(.required("spec.matchConstraints.resourceRules"))
            }
            causes += Self.matchResourcesProblems(constraints, at: "spec.matchConstraints")
        } else {
            causes.append(.required("spec.matchConstraints"))
        }
        let validations = spec["validations"]?.arrayValue ?? []
        let annotations = spec["auditAnnotations"]?.arrayValue ?? []
        if validations.isEmpty && annotations.isEmpty {
            causes.append(StatusCause(
                type: "FieldValueRequired", message: "Required value: validations or auditAnnotations must contain at least one item",
                field: "spec.validations"
            ))
        }
        for (index, validation) in validations.enumerated() {
            let path = "spec.validations[\(index)]"
            expression(validation["expression"]?.stringValue, at: "\(path).expression")
            if let message = validation["messageExpression"]?.stringValue, !message.isEmpty {
                expression(message, at: "\(path).messageExpression")
            }
            if let reason = validation["reason"]?.stringValue, !Self.reasons.contains(reason) {
                causes.append(.notSupported("\(path).reason", value: reason, supported: Self.reasons))
            }
        }
        causes += AdmissionMatchConditions.problems(
            spec["matchConditions"]?.arrayValue, at: "spec.matchConditions", variables: PolicyExpression.variables
        )
        for (field, key, valueField) in [("variables", "name", "expression"), ("auditAnnotations", "key", "valueExpression")] {
            var seen = Set<String>()
            for (index, entry) in (spec[field]?.arrayValue ?? []).enumerated() {
                let path = "spec.\(field)[\(index)]"
                let name = entry[key]?.stringValue ?? ""
                if name.isEmpty {
                    causes.append(.required("\(path).\(key)"))
                } else if field == "variables" && name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) == nil {
                    // `variables.NAME` must parse.
                    causes.append(.invalid("\(path).name", value: name, "name is not a valid CEL identifier"))
                } else if !seen.insert(name).inserted {
                    causes.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(name)\"", field: "\(path).\(key)"))
                }
                expression(entry[valueField]?.stringValue, at: "\(path).\(valueField)")
            }
        }
        return causes
    }

    /// The problems of a `MatchResources` object: a selector that does not parse, an unknown
    /// `matchPolicy`.
    static func matchResourcesProblems(_ matchResources: JSONValue, at path: String) -> [StatusCause] {
        var causes: [StatusCause] = []
        for selector in ["namespaceSelector", "objectSelector"] {
            do {
                _ = try LabelSelector(structured: matchResources[selector])
            } catch {
                causes.append(.invalid("\(path).\(selector)", value: "", error.message))
            }
        }
        if let policy = matchResources["matchPolicy"]?.stringValue, !["Exact", "Equivalent"].contains(policy) {
            causes.append(.notSupported("\(path).matchPolicy", value: policy, supported: ["Exact", "Equivalent"]))
        }
        return causes
    }
}
