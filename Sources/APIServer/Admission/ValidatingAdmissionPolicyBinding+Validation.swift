import KubeModel

extension ValidatingAdmissionPolicyBinding {
    /// The kind whose writes ``problems(_:)`` checks.
    static let kind = GroupVersionKind(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicyBinding")

    /// The values `validationActions` may hold.
    static let actions = ["Deny", "Warn", "Audit"]

    /// Why kube-apiserver would refuse to store this binding (a `422` on create and update): a
    /// policy name, at least one known validation action and not both `Deny` and `Warn`, a
    /// `paramRef` with exactly one of name and selector and a `parameterNotFoundAction`, and
    /// match resources that parse.
    static func problems(_ binding: JSONValue) -> [StatusCause] {
        let spec = binding["spec"] ?? [:]
        var causes: [StatusCause] = []
        if (spec["policyName"]?.stringValue ?? "").isEmpty {
            causes.append(.required("spec.policyName"))
        }
        let actions = (spec["validationActions"]?.arrayValue ?? []).compactMap(\.stringValue)
        if actions.isEmpty {
            causes.append(StatusCause(
                type: "FieldValueRequired", message: "Required value: at least one validation action is required",
                field: "spec.validationActions"
            ))
        }
        var seen = Set<String>()
        for (index, action) in actions.enumerated() {
            if !Self.actions.contains(action) {
                causes.append(.notSupported("spec.validationActions[\(index)]", value: action, supported: Self.actions))
            } else if !seen.insert(action).inserted {
                causes.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(action)\"", field: "spec.validationActions[\(index)]"))
            }
        }
        if seen.contains("Deny") && seen.contains("Warn") {
            causes.append(StatusCause(
                type: "FieldValueInvalid",
                message: "Invalid value: \(Self.goList(actions)): must not contain both Deny and Warn (repeating the same validation "
                    + "failure information in the API response and headers serves no purpose)",
                field: "spec.validationActions"
            ))
        }
        if let reference = spec["paramRef"], reference != .null {
            let hasName = !(reference["name"]?.stringValue ?? "").isEmpty
            let hasSelector = reference["selector"] != nil && reference["selector"] != .null
            if hasName && hasSelector {
                causes.append(StatusCause(
                    type: "FieldValueForbidden", message: "Forbidden: name and selector are mutually exclusive", field: "spec.paramRef.name"
                ))
            } else if !hasName && !hasSelector {
                causes.append(StatusCause(
                    type: "FieldValueRequired", message: "Required value: one of name or selector must be specified", field: "spec.paramRef"
                ))
            }
            if let action = reference["parameterNotFoundAction"]?.stringValue {
                if !["Allow", "Deny"].contains(action) {
                    causes.append(.notSupported("spec.paramRef.parameterNotFoundAction", value: action, supported: ["Allow", "Deny"]))
                }
            } else {
                causes.append(.required("spec.paramRef.parameterNotFoundAction"))
            }
        }
        if let matchResources = spec["matchResources"], matchResources != .null {
            causes += ValidatingAdmissionPolicy.matchResourcesProblems(matchResources, at: "spec.matchResources")
        }
        return causes
    }

    /// A list of strings as Go's `%v` prints a slice: `[Deny Warn]`.
    private static func goList(_ values: [String]) -> String {
        "[" + values.joined(separator: " ") + "]"
    }
}
