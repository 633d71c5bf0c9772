/// An authorizer's answer, with kube-apiserver's three outcomes: allowed, denied, or no opinion
/// (the next authorizer decides; when none does, the request is forbidden).
public enum AuthorizationDecision: Sendable, Hashable {
    /// The request is allowed; the reason names what allowed it.
    case allow(reason: String)
    /// The request is explicitly denied.
    case deny(reason: String)
    /// This authorizer neither allows nor denies; the reason says why, when there is one.
    case noOpinion(reason: String)

    /// The reason, possibly empty.
    public var reason: String {
        switch self {
        case .allow(let reason), .deny(let reason), .noOpinion(let reason): reason
        }
    }

    /// Whether the request may proceed.
    public var isAllowed: Bool {
        if case .allow = self { return true }
        return false
    }
}
