/// What a user may do in a namespace, as a `SelfSubjectRulesReview` reports it: the resource and
/// non-resource rules of every binding that names the user, whether the list is incomplete, and
/// what could not be evaluated (a binding to a missing role).
public struct SubjectRules: Sendable, Hashable {
    public var resourceRules: [PolicyRule] = []
    public var nonResourceRules: [PolicyRule] = []
    /// Whether some authorizer could not list its rules.
    public var incomplete = false
    /// Evaluation errors, e.g. `clusterrole.rbac.authorization.k8s.io "x" not found`.
    public var errors: [String] = []

    /// Creates an empty rule set.
    public init() {}

    /// Adds rules, splitting each into its resource and non-resource parts as kube-apiserver does.
    mutating func add(_ rules: [PolicyRule]) {
        for rule in rules {
            if !rule.resources.isEmpty {
                self.resourceRules.append(
                    PolicyRule(verbs: rule.verbs, apiGroups: rule.apiGroups, resources: rule.resources, resourceNames: rule.resourceNames)
                )
            }
            if !rule.nonResourceURLs.isEmpty {
                self.nonResourceRules.append(PolicyRule(verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs))
            }
        }
    }

    /// Appends another authorizer's rules.
    mutating func merge(_ other: SubjectRules) {
        self.resourceRules += other.resourceRules
        self.nonResourceRules += other.nonResourceRules
        self.incomplete = self.incomplete || other.incomplete
        self.errors += other.errors
    }

    /// Everything on every resource and path: what a superuser or `AlwaysAllow` reports.
    static let everything: SubjectRules = {
        var rules = SubjectRules()
        rules.add([PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), PolicyRule(verbs: ["*"], nonResourceURLs: ["*"])])
        return rules
    }()
}
