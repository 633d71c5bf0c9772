import Foundation

extension PolicyRule {
    /// The rule broken into rules of one verb on one group, resource and (if any) name, or of
    /// one verb on one non-resource URL: the units kube-apiserver's escalation check compares.
    var simpleRules: [PolicyRule] {
        var rules: [PolicyRule] = []
        for group in self.apiGroups {
            for resource in self.resources {
                let names: [[String]] = self.resourceNames.isEmpty ? [[]] : self.resourceNames.map { [$0] }
                for name in names {
                    for verb in self.verbs {
                        rules.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: name))
                    }
                }
            }
        }
        for url in self.nonResourceURLs {
            for verb in self.verbs { rules.append(PolicyRule(verbs: [verb], nonResourceURLs: [url])) }
        }
        return rules
    }

    /// Whether this rule grants everything `rule` grants (kube's `ruleCovers`): every verb,
    /// group, resource (`*`, or `*/sub` for a subresource), name and non-resource URL of it.
    func covers(_ rule: PolicyRule) -> Bool {
        let verbsCovered: Bool = Self.owned(self.verbs, cover: rule.verbs, by: Self.equal)
        let groupsCovered: Bool = Self.owned(self.apiGroups, cover: rule.apiGroups, by: Self.equal)
        let resourcesCovered: Bool = Self.owned(self.resources, cover: rule.resources, by: Self.resourceCovers)
        let urlsCovered: Bool = Self.owned(self.nonResourceURLs, cover: rule.nonResourceURLs, by: Self.urlCovers)
        let namesCovered: Bool
        if rule.resourceNames.isEmpty {
            namesCovered = self.resourceNames.isEmpty
        } else {
            namesCovered = self.resourceNames.isEmpty || rule.resourceNames.allSatisfy(self.resourceNames.contains)
        }
        return verbsCovered && groupsCovered && resourcesCovered && urlsCovered && namesCovered
    }

    private static func equal(_ owned: String, _ wanted: String) -> Bool { owned == wanted }

    /// An owned resource covers itself, and `*/sub` covers every resource's `sub` subresource.
    private static func resourceCovers(_ owned: String, _ wanted: String) -> Bool {
        if owned == wanted { return true }
        guard let slash = wanted.firstIndex(of: "/") else { return false }
        return owned == "*\(wanted[slash...])"
    }

    /// An owned URL covers itself, and one ending in `*` every URL with that prefix.
    private static func urlCovers(_ owned: String, _ wanted: String) -> Bool {
        owned == wanted || (owned.hasSuffix("*") && wanted.hasPrefix(owned.dropLast()))
    }

    /// Whether `owned` (where `*` stands for anything) covers every one of `wanted`, an owned
    /// value covering a wanted one when `covers` says so.
    private static func owned(_ owned: [String], cover wanted: [String], by covers: (String, String) -> Bool) -> Bool {
        if owned.contains("*") { return true }
        return wanted.allSatisfy { value in owned.contains { covers($0, value) } }
    }

    /// kube's compact form of a rule in messages, each present list quoted as Go's `%q` prints it:
    /// `{APIGroups:["apps"], Resources:["deployments"], Verbs:["create" "delete"]}`.
    var compactDescription: String {
        func quoted(_ values: [String]) -> String {
            let items: [String] = values.map { value in
                let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return "\"\(escaped)\""
            }
            return "[\(items.joined(separator: " "))]"
        }
        let lists: [(name: String, values: [String])] = [
            ("APIGroups", self.apiGroups), ("Resources", self.resources), ("NonResourceURLs", self.nonResourceURLs),
            ("ResourceNames", self.resourceNames), ("Verbs", self.verbs),
        ]
        let parts: [String] = lists.filter { !$0.values.isEmpty }.map { "\($0.name):\(quoted($0.values))" }
        return "{\(parts.joined(separator: ", "))}"
    }

    /// The simple rules of `requested` that no rule of `held` covers, with those that differ only
    /// in their verb merged (kube's `Covers` then `CompactRules`), in first-seen order.
    static func uncovered(_ requested: [PolicyRule], by held: [PolicyRule]) -> [PolicyRule] {
        var missing: [PolicyRule] = []
        for rule in requested.flatMap(\.simpleRules) where !held.contains(where: { $0.covers(rule) }) {
            if rule.nonResourceURLs.isEmpty,
                let index = missing.firstIndex(where: {
                    $0.nonResourceURLs.isEmpty && $0.apiGroups == rule.apiGroups && $0.resources == rule.resources
                        && $0.resourceNames == rule.resourceNames
                })
            {
                if !missing[index].verbs.contains(rule.verbs[0]) { missing[index].verbs.append(rule.verbs[0]) }
            } else {
                missing.append(rule)
            }
        }
        return missing
    }
}
