import Foundation

/// An authorizer named by `--authorization-mode` (kube-apiserver's flag; a comma-separated list
/// is asked in order).
public enum AuthorizationMode: String, Sendable, Hashable, CaseIterable {
    /// Every request is allowed.
    case alwaysAllow = "AlwaysAllow"
    /// Roles and bindings decide (`rbac.authorization.k8s.io`).
    case rbac = "RBAC"

    /// Parses a comma-separated list such as `RBAC` or `RBAC,AlwaysAllow`; `nil` for an unknown
    /// or repeated mode, or an empty list.
    public static func parseList(_ text: String) -> [AuthorizationMode]? {
        let modes = text.split(separator: ",").map { AuthorizationMode(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !modes.isEmpty, !modes.contains(nil), Set(modes).count == modes.count else { return nil }
        return modes.compactMap { $0 }
    }
}
