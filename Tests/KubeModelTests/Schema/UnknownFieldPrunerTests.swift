import Testing

@testable import KubeModel

@Suite struct UnknownFieldPrunerTests {
    @Test func findsUnknownFieldsAtAnyDepthAndDropsThem() throws {
        let deployment = try JSONParser.parse(#"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"free":"form"}},"bogus":1,
             "spec":{"template":{"spec":{"containers":[{"name":"c","imagee":"typo"}]}},"selector":{"matchLabels":{"a":"b"}}}}
            """#)
        let (pruned, unknown) = UnknownFieldPruner.prune(deployment, kind: GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        #expect(unknown == ["bogus", "spec.template.spec.containers[0].imagee"])
        #expect(pruned["bogus"] == nil)
        #expect(pruned["spec"]?["template"]?["spec"]?["containers"] == [["name": "c"]])
        #expect(pruned["metadata"]?["labels"] == ["free": "form"])
    }

    @Test func dropsEmptyMapsAndListsAsGoOmitsThem() throws {
        let pod = try JSONParser.parse(#"{"metadata":{"name":"p","annotations":{},"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","resources":{},"ports":[]}],"volumes":[]}}"#)
        let (pruned, unknown) = UnknownFieldPruner.prune(pod, kind: GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        #expect(unknown.isEmpty)
        // Empty maps and lists go, empty structs (resources) and required lists stay.
        #expect(pruned == (try JSONParser.parse(#"{"metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","resources":{}}]}}"#)))
    }

    @Test func leavesKindsWithoutSchemasAlone() {
        let object: JSONValue = ["anything": ["goes": true]]
        let (pruned, unknown) = UnknownFieldPruner.prune(object, kind: GroupVersionKind(group: "example.com", version: "v1", kind: "Widget"))
        #expect(pruned == object && unknown.isEmpty)
    }

    @Test func openAPIDocumentsCoverServedKinds() throws {
        let documents = OpenAPIDocuments(catalog: .builtin)
        let apps = try #require(documents.version3["apis/apps/v1"])
        let document = try JSONParser.parse(apps)
        #expect(document["components"]?["schemas"]?["io.k8s.api.apps.v1.Deployment"] != nil)
        #expect(document["paths"]?["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?["patch"]?["x-kubernetes-action"] == "patch")
        let index = try JSONParser.parse(documents.version3Index)
        #expect(index["paths"]?["api/v1"]?["serverRelativeURL"]?.stringValue?.hasPrefix("/openapi/v3/api/v1?hash=") == true)
        #expect(documents.version2Protobuf.count > 100_000)
    }
}
