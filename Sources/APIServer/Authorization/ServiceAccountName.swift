/// The user and group names Kubernetes gives a service account.
enum ServiceAccountName {
    static let prefix = "system:serviceaccount:"

    /// `system:serviceaccount:<namespace>:<name>`.
    static func username(namespace: String, name: String) -> String {
        "\(prefix)\(namespace):\(name)"
    }

    /// The namespace and name a service-account user name stands for, or `nil` for other users.
    static func split(_ username: String) -> (namespace: String, name: String)? {
        guard username.hasPrefix(prefix) else { return nil }
        let parts = username.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// The groups of a service account: `system:serviceaccounts` and `system:serviceaccounts:<namespace>`.
    static func groups(namespace: String) -> [String] {
        ["system:serviceaccounts", "system:serviceaccounts:\(namespace)"]
    }
}
