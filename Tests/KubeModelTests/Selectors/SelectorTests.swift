import Testing

@testable import KubeModel

@Suite struct SelectorTests {
    private let labels = ["app": "web", "tier": "front", "replicas": "3"]

    @Test(arguments: [
        ("", true), ("app=web", true), ("app==web", true), ("app!=web", false), ("app in (web,api)", true),
        ("app notin (web)", false), ("tier", true), ("!tier", false), ("missing", false), ("!missing", true),
        ("replicas>2", true), ("replicas<3", false), ("app=web,tier=back", false), ("app in (api), tier", false),
        ("missing!=x", true), ("missing notin (x)", true),
    ])
    func labelSelectorsMatchAsKubernetesDoes(selector: String, matches: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(labels) == matches)
    }

    @Test func malformedLabelSelectorsAreBadRequests() {
        for bad in ["app in web", "replicas>three", "a b=c"] {
            #expect(throws: StatusError.self) { try LabelSelector(parsing: bad) }
        }
    }

    @Test func fieldSelectorsKnowEachKindsFields() throws {
        let pods = try #require(ResourceCatalog.builtin.definition(for: GroupVersionResource(group: "", version: "v1", resource: "pods")))
        let pod: JSONValue = ["metadata": ["name": "p", "namespace": "ns"], "spec": ["nodeName": "n1"], "status": ["phase": "Running"]]
        #expect(try FieldSelector(parsing: "spec.nodeName=n1,status.phase!=Pending", definition: pods).matches(pod))
        #expect(try !FieldSelector(parsing: "metadata.name=q", definition: pods).matches(pod))
        let configMaps = try #require(ResourceCatalog.builtin.definition(for: GroupVersionResource(group: "", version: "v1", resource: "configmaps")))
        #expect(throws: StatusError.badRequest("field label not supported: spec.nodeName")) {
            try FieldSelector(parsing: "spec.nodeName=n1", definition: configMaps)
        }
    }
}
