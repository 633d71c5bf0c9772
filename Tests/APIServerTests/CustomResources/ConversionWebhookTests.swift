import KubeModel
import Testing

@testable import APIServer

/// How a conversion webhook's answer is checked and used, as kube-apiserver checks it.
@Suite struct ConversionWebhookTests {
    private static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private static let original = try! json("""
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "a", "namespace": "default", "uid": "u1",
          "resourceVersion": "7", "labels": {"app": "web"}, "annotations": {"note": "x"}}, "spec": {"size": "3"}}
        """)
    private static let v2 = GroupVersion(group: "example.com", version: "v2")

    private func failure(_ body: () throws(ConversionWebhook.ResponseFailure) -> JSONValue) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.detail
        }
    }

    private func responseFailure(_ response: String) -> String? {
        self.failure { () throws(ConversionWebhook.ResponseFailure) -> JSONValue in
            .array(try ConversionWebhook.convertedObjects(Array(response.utf8), uid: "id-1"))
        }
    }

    @Test func answersMustBeSuccessfulAndForTheRequest() throws {
        #expect(self.responseFailure(#"{"kind": "ConversionReview"}"#) == "no response provided")
        #expect(self.responseFailure(#"{"response": {"uid": "other"}}"#) == #"expected response.uid="id-1", got "other""#)
        #expect(self.responseFailure(#"{"response": {"uid": "id-1", "result": {"status": "Failure"}}}"#)
            == "response.result.status was 'Failure', not 'Success'")
        #expect(self.responseFailure(#"{"response": {"uid": "id-1", "result": {"status": "Failure", "message": "cannot"}}}"#) == "cannot")
        let objects = try ConversionWebhook.convertedObjects(
            Array(#"{"response": {"uid": "id-1", "result": {"status": "Success"}, "convertedObjects": [{"a": 1}]}}"#.utf8), uid: "id-1"
        )
        #expect(objects == [["a": 1]])
    }

    @Test func convertedObjectsKeepTheOriginalMetadataButLabelsAndAnnotations() throws {
        let converted = try Self.json("""
            {"apiVersion": "example.com/v2", "kind": "Widget", "metadata": {"name": "a", "namespace": "default", "uid": "u1",
              "resourceVersion": "999", "generation": 5, "labels": {"app": "web", "converted": "yes"}}, "spec": {"replicas": 3}}
            """)
        let result = try ConversionWebhook.checked(converted, original: Self.original, version: Self.v2)
        #expect(result["spec"] == ["replicas": 3] && result["apiVersion"] == "example.com/v2")
        #expect(result["metadata"]?["resourceVersion"] == "7" && result["metadata"]?["generation"] == nil)
        #expect(result["metadata"]?["labels"] == ["app": "web", "converted": "yes"])
        #expect(result["metadata"]?["annotations"] == nil, "the webhook dropped the annotations")
    }

    @Test(arguments: [
        (#"{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "a"}}"#,
         "invalid groupVersion (expected example.com/v2, received example.com/v1)"),
        (#"{"apiVersion": "example.com/v2", "kind": "Gadget", "metadata": {"name": "a"}}"#,
         "invalid kind (expected Widget, received Gadget)"),
        (#"{"apiVersion": "example.com/v2", "kind": "Widget", "metadata": {"name": "b", "namespace": "default", "uid": "u1"}}"#,
         "must have the same name: a != b"),
        (#"{"apiVersion": "example.com/v2", "kind": "Widget", "metadata": {"name": "a", "namespace": "default", "uid": "u2"}}"#,
         "must have the same UID: u1 != u2"),
        (#"{"apiVersion": "example.com/v2", "kind": "Widget", "metadata": {"name": "a", "namespace": "default", "uid": "u1", "labels": {"n": 1}}}"#,
         "metadata.labels must hold strings only in converted object"),
    ])
    func refusesWhatKubernetesRefuses(converted: String, detail: String) throws {
        let object = try Self.json(converted)
        #expect(self.failure { () throws(ConversionWebhook.ResponseFailure) -> JSONValue in
            try ConversionWebhook.checked(object, original: Self.original, version: Self.v2)
        } == detail)
    }
}
