import KubeModel

/// The columns of `kubectl get` for the admissionregistration.k8s.io kinds: webhook
/// configurations, ValidatingAdmissionPolicies and their bindings.
enum AdmissionColumns {
    /// `Webhooks`: how many webhooks a Mutating- or ValidatingWebhookConfiguration holds.
    static func webhookConfigurations(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Webhooks", type: "integer", description: "Webhooks indicates the number of webhooks registered in this configuration") {
                configuration, _ in .integer(Int64(configuration["webhooks"]?.arrayValue?.count ?? 0))
            },
            age,
        ]
    }

    /// `Validations` (how many) and `ParamKind` (`apiVersion/kind`, or `<unset>`).
    static func validatingAdmissionPolicies(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Validations", type: "integer", description: "Validations indicates the number of validation rules defined in this configuration") {
                policy, _ in .integer(Int64(policy["spec"]?["validations"]?.arrayValue?.count ?? 0))
            },
            TableColumn("ParamKind", description: "ParamKind specifies the kind of resources used to parameterize this policy") { policy, _ in
                guard let kind = policy["spec"]?["paramKind"], kind != .null else { return "<unset>" }
                return .string("\(kind["apiVersion"]?.stringValue ?? "")/\(kind["kind"]?.stringValue ?? "")")
            },
            age,
        ]
    }

    /// `PolicyName` and `ParamRef`: `namespace/name`, `*/name` without a namespace, the selector as
    /// Go prints it, or `<unset>`.
    static func validatingAdmissionPolicyBindings(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("PolicyName", description: "PolicyName indicates the policy definition which the policy binding binded to") {
                binding, _ in binding["spec"]?["policyName"] ?? ""
            },
            TableColumn("ParamRef", description: "ParamRef indicates the param resource which sets the configration param") { binding, _ in
                guard let reference = binding["spec"]?["paramRef"], reference != .null else { return "<unset>" }
                if let name = reference["name"]?.stringValue, !name.isEmpty {
                    let namespace = reference["namespace"]?.stringValue ?? ""
                    return .string("\(namespace.isEmpty ? "*" : namespace)/\(name)")
                }
                guard let selector = reference["selector"], selector != .null else { return "<unset>" }
                return .string(Self.goString(selector))
            },
            age,
        ]
    }

    /// A label selector as the Go type's `String()` prints it:
    /// `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
    private static func goString(_ selector: JSONValue) -> String {
        let labels = (selector["matchLabels"]?.objectValue ?? JSONObject()).sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value.stringValue ?? "")," }.joined()
        let expressions = (selector["matchExpressions"]?.arrayValue ?? []).map { requirement in
            let values = (requirement["values"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
            return "LabelSelectorRequirement{Key:\(requirement["key"]?.stringValue ?? ""),"
                + "Operator:\(requirement["operator"]?.stringValue ?? ""),Values:[\(values)],},"
        }.joined()
        return "&LabelSelector{MatchLabels:map[string]string{\(labels)},MatchExpressions:[]LabelSelectorRequirement{\(expressions)},}"
    }
}
