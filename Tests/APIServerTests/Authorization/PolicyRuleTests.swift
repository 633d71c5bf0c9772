import KubeModel
import Testing

@testable import APIServer

@Suite struct PolicyRuleTests {
    private let alice = UserInfo(name: "alice")

    private func pods(_ verb: String, subresource: String = "", name: String = "", group: String = "", resource: String = "pods")
        -> AuthorizationAttributes
    {
        .resource(user: self.alice, verb: verb, group: group, resource: resource, subresource: subresource, namespace: "default", name: name)
    }

    @Test(arguments: [
        // (verbs, groups, resources, names, verb, group, resource, subresource, name, allowed)
        (["get"], [""], ["pods"], [String](), "get", "", "pods", "", "", true),
        (["get"], [""], ["pods"], [], "list", "", "pods", "", "", false),
        (["*"], [""], ["pods"], [], "deletecollection", "", "pods", "", "", true),
        (["get"], ["apps"], ["pods"], [], "get", "", "pods", "", "", false),
        (["get"], ["*"], ["deployments"], [], "get", "apps", "deployments", "", "", true),
        (["get"], [""], ["*"], [], "get", "", "secrets", "", "", true),
        (["get"], [""], ["pods"], [], "get", "", "pods", "log", "", false),
        (["get"], [""], ["pods/log"], [], "get", "", "pods", "log", "", true),
        (["get"], [""], ["pods/log"], [], "get", "", "pods", "", "", false),
        (["get"], [""], ["*/status"], [], "get", "", "pods", "status", "", true),
        (["get"], [""], ["*/status"], [], "get", "", "pods", "scale", "", false),
        (["get"], [""], ["*/status"], [], "get", "", "pods", "", "", false),
        (["get"], [""], ["*"], [], "get", "", "pods", "status", "", true),
        (["get"], [""], ["pods"], ["web"], "get", "", "pods", "", "web", true),
        (["get"], [""], ["pods"], ["web"], "get", "", "pods", "", "db", false),
        (["list"], [""], ["pods"], ["web"], "list", "", "pods", "", "", false),
        (["update"], [""], ["pods/status"], ["web"], "update", "", "pods", "status", "web", true),
    ])
    func resourceRules(
        verbs: [String], groups: [String], resources: [String], names: [String], verb: String, group: String, resource: String,
        subresource: String, name: String, allowed: Bool
    ) {
        let rule = PolicyRule(verbs: verbs, apiGroups: groups, resources: resources, resourceNames: names)
        #expect(rule.allows(self.pods(verb, subresource: subresource, name: name, group: group, resource: resource)) == allowed)
    }

    @Test(arguments: [
        (["/healthz"], "get", "/healthz", true),
        (["/healthz"], "get", "/healthz/etcd", false),
        (["/healthz/*"], "get", "/healthz/etcd", true),
        (["/healthz/*"], "get", "/healthz", false),
        (["/api*"], "get", "/apis/apps", true),
        (["*"], "get", "/anything/at/all", true),
        (["/version"], "post", "/version", false),
    ])
    func nonResourceRules(urls: [String], verb: String, path: String, allowed: Bool) {
        let rule = PolicyRule(verbs: verb == "post" ? ["get"] : [verb], nonResourceURLs: urls)
        #expect(rule.allows(.nonResource(user: self.alice, verb: verb, path: path)) == allowed)
    }

    @Test func resourceRulesNeverMatchPathsAndTheOtherWay() {
        let resourceRule = PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])
        #expect(!resourceRule.allows(.nonResource(user: self.alice, verb: "get", path: "/healthz")))
        let pathRule = PolicyRule(verbs: ["*"], nonResourceURLs: ["*"])
        #expect(!pathRule.allows(self.pods("get")))
    }

    @Test func jsonRoundTripKeepsGoFieldOrderAndDropsEmptyLists() {
        let rule = PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"])
        #expect(String(decoding: rule.json.serialized(), as: UTF8.self) == #"{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}"#)
        #expect(PolicyRule(json: rule.json) == rule)
    }
}
