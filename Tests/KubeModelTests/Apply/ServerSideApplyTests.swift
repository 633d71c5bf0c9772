import Foundation
import KubeModel
import Testing

@Suite struct ServerSideApplyTests {
    private static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private static let deploymentSchema = BuiltinSchemas.definitionsByName["io.k8s.api.apps.v1.Deployment"]

    private static func writer(_ manager: String, subresource: String = "") -> ServerSideApply.Writer {
        ServerSideApply.Writer(manager: manager, apiVersion: "apps/v1", subresource: subresource, time: "2026-01-01T00:00:00Z")
    }

    private static let applied = """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
         "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "nginx:1", "ports": [{"containerPort": 80}]}]}}}}
        """

    @Test func appliedFieldsHaveKubernetesShape() throws {
        let fields = ServerSideApply.appliedFields(try Self.json(Self.applied), schema: Self.deploymentSchema)
        let expected = try Self.json("""
            {"f:metadata": {"f:labels": {"f:app": {}}},
             "f:spec": {"f:replicas": {}, "f:selector": {},
                        "f:template": {"f:metadata": {"f:labels": {"f:app": {}}},
                                       "f:spec": {"f:containers": {"k:{\\"name\\":\\"web\\"}": {".": {}, "f:image": {}, "f:name": {},
                                         "f:ports": {"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:containerPort": {}}}}}}}}}
            """)
        #expect(fields.fieldsV1 == expected)
        #expect(FieldSet(fieldsV1: expected) == fields)
    }

    @Test func conflictsWithAnotherManagerUnlessForced() throws {
        let created = try ServerSideApply.apply(try Self.json(Self.applied), to: nil, by: Self.writer("deployer"), force: false, schema: Self.deploymentSchema)
        var scaled = created
        scaled["spec"]?["replicas"] = 5
        ServerSideApply.recordUpdate(from: created, to: &scaled, by: Self.writer("autoscaler", subresource: "scale"), schema: Self.deploymentSchema)
        let entries = ServerSideApply.entries(of: scaled)
        #expect(entries.map(\.manager) == ["deployer", "autoscaler"])
        #expect(entries[1].fields.leaves.map(FieldSet.describe) == [".spec.replicas"])
        #expect(!entries[0].fields.contains([.field("spec"), .field("replicas")]))

        var reapplied = try Self.json(Self.applied)
        reapplied["spec"]?["replicas"] = 3
        let error = try #require(throws: StatusError.self) {
            try ServerSideApply.apply(reapplied, to: scaled, by: Self.writer("deployer"), force: false, schema: Self.deploymentSchema)
        }
        #expect(error.code == 409 && error.reason == "Conflict")
        #expect(error.message == #"Apply failed with 1 conflict: conflict with "autoscaler" with subresource "scale" using apps/v1: .spec.replicas"#)
        #expect(error.causes == [StatusCause(
            type: "FieldManagerConflict", message: #"conflict with "autoscaler" with subresource "scale" using apps/v1"#, field: ".spec.replicas"
        )])

        // Applying the value the other manager set shares the field instead of conflicting.
        reapplied["spec"]?["replicas"] = 5
        let shared = try ServerSideApply.apply(reapplied, to: scaled, by: Self.writer("deployer"), force: false, schema: Self.deploymentSchema)
        #expect(ServerSideApply.entries(of: shared).allSatisfy { $0.fields.contains([.field("spec"), .field("replicas")]) })

        reapplied["spec"]?["replicas"] = 3
        let forced = try ServerSideApply.apply(reapplied, to: scaled, by: Self.writer("deployer"), force: true, schema: Self.deploymentSchema)
        #expect(forced["spec"]?["replicas"] == 3)
        #expect(ServerSideApply.entries(of: forced).map(\.manager) == ["deployer"])
    }

    @Test func fieldsDroppedFromTheConfigurationAreRemovedUnlessSomeoneElseOwnsThem() throws {
        var config = try Self.json(Self.applied)
        config["metadata"]?["labels"]?["tier"] = "front"
        let live = try ServerSideApply.apply(config, to: nil, by: Self.writer("deployer"), force: false, schema: Self.deploymentSchema)
        var annotated = live
        annotated["metadata"]?["annotations"] = ["note": "kept"]
        ServerSideApply.recordUpdate(from: live, to: &annotated, by: Self.writer("editor"), schema: Self.deploymentSchema)
        let editor = try #require(ServerSideApply.entries(of: annotated).last)
        #expect(editor.fields.fieldsV1 == (try Self.json(#"{"f:metadata": {"f:annotations": {".": {}, "f:note": {}}}}"#)))

        let shorter = try Self.json(Self.applied.replacingOccurrences(of: #", "ports": [{"containerPort": 80}]"#, with: ""))
        let result = try ServerSideApply.apply(shorter, to: annotated, by: Self.writer("deployer"), force: false, schema: Self.deploymentSchema)
        #expect(result["metadata"]?["labels"] == ["app": "web"])
        #expect(result["metadata"]?["annotations"]?["note"] == "kept")
        #expect(result["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first?["ports"] == nil)

        let unchanged = try ServerSideApply.apply(shorter, to: result, by: Self.writer("deployer"), force: false, schema: Self.deploymentSchema)
        #expect(unchanged == result)
    }

    @Test func associativeListsMergeByKeyAndSetsByValue() throws {
        let live = try Self.json("""
            {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}}}
            """)
        let patch = try Self.json("""
            {"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "z"}, {"name": "c", "image": "w"}]}}}}
            """)
        let merged = ServerSideApply.merge(patch, into: live, schema: Self.deploymentSchema)
        let containers = merged["spec"]?["template"]?["spec"]?["containers"]?.arrayValue ?? []
        #expect(containers.map { $0["name"] } == ["a", "b", "c"])
        #expect(containers[1]["image"] == "z")
    }
}
