import KubeModel

/// A ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1) read: which policy it
/// puts in force, on which requests, with which parameters, and what a failed validation does.
struct ValidatingAdmissionPolicyBinding: Sendable {
    /// `spec.paramRef`: how to find the parameter objects.
    struct ParamRef: Sendable {
        /// One object by name; empty when `selector` picks them.
        var name: String
        /// Where to look; empty means the request's namespace (for namespaced parameter kinds).
        var namespace: String
        /// The labels of the objects to use, when `name` is empty.
        var selector: LabelSelector?
        /// `Allow` or `Deny` (the default): what a request gets when no parameter object is found.
        var parameterNotFoundAction: String
    }

    var name: String
    var policyName: String
    var paramRef: ParamRef?
    /// `spec.matchResources`, narrowing the policy's own constraints; `nil` when absent.
    var matchResources: AdmissionMatchResources?
    /// `Deny`, `Warn` and `Audit`.
    var validationActions: [String]
    /// Why the binding cannot be applied as written (a malformed selector), if it cannot.
    var configurationError: String?

    /// Reads a stored binding.
    init(_ binding: JSONValue) {
        let spec = binding["spec"] ?? [:]
        self.name = binding.name
        self.policyName = spec["policyName"]?.stringValue ?? ""
        self.validationActions = (spec["validationActions"]?.arrayValue ?? []).compactMap(\.stringValue)
        self.configurationError = nil
        self.matchResources = nil
        self.paramRef = nil
        do {
            if let matchResources = spec["matchResources"], matchResources != .null {
                self.matchResources = try AdmissionMatchResources(matchResources)
            }
            if let reference = spec["paramRef"], reference != .null {
                let selector = reference["selector"]
                self.paramRef = ParamRef(
                    name: reference["name"]?.stringValue ?? "",
                    namespace: reference["namespace"]?.stringValue ?? "",
                    selector: selector == nil || selector == .null ? nil : try LabelSelector(structured: selector),
                    parameterNotFoundAction: reference["parameterNotFoundAction"]?.stringValue ?? "Deny"
                )
            }
        } catch {
            self.configurationError = error.message
        }
    }

    /// Whether the binding applies to the request (every request without `matchResources`).
    func matches(_ attributes: AdmissionAttributes) -> Bool {
        self.matchResources?.matches(attributes) ?? true
    }
}
