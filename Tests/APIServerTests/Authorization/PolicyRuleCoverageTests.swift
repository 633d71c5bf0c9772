import Testing

@testable import APIServer

/// The escalation check's rule arithmetic: which held rules cover which requested ones, and the
/// compact form of what is missing, as kube-apiserver words it.
@Suite struct PolicyRuleCoverageTests {
    private func rule(_ verbs: [String], _ groups: [String] = [""], _ resources: [String] = [], names: [String] = [], urls: [String] = [])
        -> PolicyRule
    {
        PolicyRule(verbs: verbs, apiGroups: urls.isEmpty ? groups : [], resources: resources, resourceNames: names, nonResourceURLs: urls)
    }

    @Test func wildcardsAndSubresourcesCover() {
        #expect(rule(["*"], ["*"], ["*"]).covers(rule(["delete"], ["apps"], ["deployments/scale"])))
        #expect(rule(["get"], [""], ["*/status"]).covers(rule(["get"], [""], ["pods/status"])))
        #expect(!rule(["get"], [""], ["*/status"]).covers(rule(["get"], [""], ["pods"])))
        #expect(!rule(["get"], [""], ["pods"]).covers(rule(["get"], [""], ["pods/log"])))
        #expect(!rule(["get"], ["apps"], ["pods"]).covers(rule(["get"], [""], ["pods"])))
        #expect(rule(["get"], urls: ["/logs/*"]).covers(rule(["get"], urls: ["/logs/kube.log"])))
        #expect(!rule(["get"], urls: ["/logs"]).covers(rule(["get"], urls: ["/logs/kube.log"])))
    }

    @Test func resourceNamesNarrow() {
        // A rule limited to names does not cover one for every name; the reverse holds.
        #expect(!rule(["get"], [""], ["configmaps"], names: ["a"]).covers(rule(["get"], [""], ["configmaps"])))
        #expect(rule(["get"], [""], ["configmaps"]).covers(rule(["get"], [""], ["configmaps"], names: ["a"])))
        #expect(rule(["get"], [""], ["configmaps"], names: ["a", "b"]).covers(rule(["get"], [""], ["configmaps"], names: ["b"])))
    }

    @Test func missingRulesAreCompactedByVerb() {
        let requested = [rule(["get", "delete", "deletecollection"], [""], ["pods", "secrets"]), rule(["get"], urls: ["/metrics"])]
        let held = [rule(["get", "list"], [""], ["pods"])]
        let missing = PolicyRule.uncovered(requested, by: held).map(\.compactDescription)
        #expect(missing == [
            #"{APIGroups:[""], Resources:["pods"], Verbs:["delete" "deletecollection"]}"#,
            #"{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete" "deletecollection"]}"#,
            #"{NonResourceURLs:["/metrics"], Verbs:["get"]}"#,
        ])
        #expect(PolicyRule.uncovered(requested, by: [rule(["*"], ["*"], ["*"]), rule(["*"], urls: ["*"])]).isEmpty)
        #expect(rule(["get"], ["apps"], ["deployments"], names: ["web"]).compactDescription
            == #"{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["get"]}"#)
    }
}
