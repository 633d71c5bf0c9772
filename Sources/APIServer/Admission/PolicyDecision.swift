/// What one validation of a ValidatingAdmissionPolicy decided for one request, binding and
/// parameter (kube-apiserver's `PolicyDecision`).
struct PolicyDecision: Sendable, Equatable {
    /// Whether the validation let the request through.
    enum Action: Sendable, Equatable {
        case admit
        case deny
    }

    var action: Action
    /// Why it denied: the validation's message, or the error that failed it.
    var message: String
    /// The `Status.reason` a denial answers with: `Invalid` unless the validation names another.
    var reason: String

    /// A denial.
    static func deny(_ message: String, reason: String = "Invalid") -> PolicyDecision {
        PolicyDecision(action: .deny, message: message, reason: reason)
    }

    /// The HTTP code of a denial's reason, as kube-apiserver maps it (422 for `Invalid` and anything unknown).
    static func code(forReason reason: String) -> Int {
        switch reason {
        case "Forbidden": 403
        case "Unauthorized": 401
        case "RequestEntityTooLarge": 413
        default: 422
        }
    }
}
