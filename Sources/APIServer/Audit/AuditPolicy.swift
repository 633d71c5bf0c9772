import Foundation
public import KubeModel

/// An audit policy (audit.k8s.io/v1 `Policy`): the first rule that matches a request decides its
/// level (`None`, `Metadata`, `Request`, `RequestResponse`) and which stages are left out.
public struct AuditPolicy: Sendable {
    /// How much of a request an audit event records.
    public enum Level: String, Sendable, Comparable {
        case none = "None"
        case metadata = "Metadata"
        case request = "Request"
        case requestResponse = "RequestResponse"

        private var rank: Int {
            switch self {
            case .none: 0
            case .metadata: 1
            case .request: 2
            case .requestResponse: 3
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// One rule of the policy.
    struct Rule: Sendable {
        var level: Level
        var users: [String]
        var userGroups: [String]
        var verbs: [String]
        /// Group and resources (`pods`, `pods/log`, `pods/*`, `*`) and names, per entry.
        var resources: [(group: String, resources: [String], names: [String])]
        var namespaces: [String]
        var nonResourceURLs: [String]
        var omitStages: [String]
    }

    /// What the policy decides for one request.
    struct Decision: Sendable {
        var level: Level
        var omitStages: Set<String>
    }

    private var rules: [Rule]
    private var omitStages: [String]
    /// Whether `metadata.managedFields` is left out of recorded objects.
    var omitManagedFields: Bool

    /// Reads a policy document (YAML or JSON).
    ///
    /// - Throws: ``StatusError`` `400` when it is not a `Policy` or a rule has an unknown level.
    public init(document: [UInt8]) throws(StatusError) {
        let policy = try YAMLBody.parse(document)
        guard policy.kind == "Policy", policy.apiVersion?.hasPrefix("audit.k8s.io/") == true else {
            throw .badRequest("an audit policy must be an audit.k8s.io/v1 Policy")
        }
        func strings(_ value: JSONValue?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }
        var rules: [Rule] = []
        for (index, rule) in (policy["rules"]?.arrayValue ?? []).enumerated() {
            guard let level = Level(rawValue: rule["level"]?.stringValue ?? "") else {
                throw .badRequest("audit policy rule \(index): level must be None, Metadata, Request or RequestResponse")
            }
            let resources = (rule["resources"]?.arrayValue ?? []).map { entry in
                (entry["group"]?.stringValue ?? "", strings(entry["resources"]), strings(entry["resourceNames"]))
            }
            rules.append(Rule(
                level: level, users: strings(rule["users"]), userGroups: strings(rule["userGroups"]), verbs: strings(rule["verbs"]),
                resources: resources, namespaces: strings(rule["namespaces"]), nonResourceURLs: strings(rule["nonResourceURLs"]),
                omitStages: strings(rule["omitStages"])
            ))
        }
        self.rules = rules
        self.omitStages = strings(policy["omitStages"])
        self.omitManagedFields = policy["omitManagedFields"]?.boolValue ?? false
    }

    /// The level and omitted stages for a request; `None` when no rule matches.
    func decide(user: UserInfo?, verb: String, info: RequestInfo?, path: String) -> Decision {
        for rule in self.rules where Self.matches(rule, user: user, verb: verb, info: info, path: path) {
            return Decision(level: rule.level, omitStages: Set(self.omitStages + rule.omitStages))
        }
        return Decision(level: .none, omitStages: [])
    }

    private static func matches(_ rule: Rule, user: UserInfo?, verb: String, info: RequestInfo?, path: String) -> Bool {
        let name = user?.name ?? "system:anonymous"
        let groups = user?.groups ?? ["system:unauthenticated"]
        if !rule.users.isEmpty && !rule.users.contains(name) { return false }
        if !rule.userGroups.isEmpty && !groups.contains(where: rule.userGroups.contains) { return false }
        if !rule.verbs.isEmpty && !rule.verbs.contains(verb) { return false }
        guard case .resource(let resource)? = info else {
            // A non-resource request matches rules without resource criteria, and nonResourceURLs.
            guard rule.resources.isEmpty && rule.namespaces.isEmpty else { return false }
            return rule.nonResourceURLs.isEmpty || rule.nonResourceURLs.contains { pattern in
                pattern.hasSuffix("*") ? path.hasPrefix(String(pattern.dropLast())) : pattern == path
            }
        }
        if !rule.nonResourceURLs.isEmpty { return false }
        if !rule.namespaces.isEmpty && !rule.namespaces.contains(resource.namespace) { return false }
        guard !rule.resources.isEmpty else { return true }
        let combined = resource.subresource.isEmpty ? resource.resource : "\(resource.resource)/\(resource.subresource)"
        return rule.resources.contains { entry in
            entry.group == resource.groupVersion.group
                && (entry.resources.isEmpty || entry.resources.contains { pattern in
                    pattern == "*" || pattern == combined || pattern == "\(resource.resource)/*" && !resource.subresource.isEmpty
                        || pattern == "*/\(resource.subresource)" && !resource.subresource.isEmpty
                })
                && (entry.names.isEmpty || entry.names.contains(resource.name))
        }
    }
}
