import Testing

@testable import KubeModel

@Suite struct SchemaTypeCheckerTests {
    private static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    private func mismatch(_ text: String, _ kind: GroupVersionKind = deployment) throws -> String? {
        SchemaTypeChecker.firstMismatch(in: try JSONParser.parse(text), kind: kind)
    }

    @Test(arguments: [
        (#"{"spec":{"replicas":"three"}}"#, "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
        (#"{"spec":{"replicas":1.5}}"#, "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"),
        (#"{"spec":"x"}"#, "json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec"),
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":7}]}}}}"#,
            "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.name of type string"
        ),
        (#"{"metadata":{"labels":{"a":true}}}"#, "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"),
        (#"{"spec":{"template":{"spec":{"containers":{}}}}}"#, "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"),
    ])
    func wordsTheFirstMismatchAsGoDoes(text: String, expected: String) throws {
        #expect(try self.mismatch(text) == expected)
    }

    @Test func acceptsWhatGoAccepts() throws {
        // Quantities as strings or numbers, int-or-string either way, nulls anywhere, undeclared fields.
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        #expect(try self.mismatch(#"{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":1,"memory":"1Gi"}},"readinessProbe":{"httpGet":{"port":"http"}},"livenessProbe":{"httpGet":{"port":8080}}}],"nodeName":null},"bogus":[1]}"#, pod) == nil)
        #expect(try self.mismatch(#"{"spec":{"replicas":3,"paused":false,"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}}}"#) == nil)
        #expect(try self.mismatch(#"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}"#) == "json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type intstr.IntOrString")
    }

    @Test func secretDataMustBeBase64() throws {
        let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")
        #expect(try self.mismatch(#"{"data":{"ok":"aGVsbG8="}}"#, secret) == nil)
        #expect(try self.mismatch(#"{"data":{"bad":"hel!o"}}"#, secret) == "illegal base64 data at input byte 3")
    }
}
