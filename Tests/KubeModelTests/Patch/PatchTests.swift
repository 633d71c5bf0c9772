import Testing

@testable import KubeModel

@Suite struct PatchTests {
    @Test func mergePatchFollowsRFC7386() throws {
        let target = try JSONParser.parse(#"{"a":"b","c":{"d":"e","f":"g"},"list":[1,2]}"#)
        let patch = try JSONParser.parse(#"{"a":"z","c":{"f":null,"h":1},"list":[3]}"#)
        #expect(MergePatch.apply(patch, to: target) == (try JSONParser.parse(#"{"a":"z","c":{"d":"e","h":1},"list":[3]}"#)))
    }

    @Test func jsonPatchAppliesEveryOperation() throws {
        let target = try JSONParser.parse(#"{"a":{"b":[1,2,3]},"c":"x"}"#)
        let patch = try JSONParser.parse(#"""
            [{"op":"add","path":"/a/b/1","value":9},{"op":"remove","path":"/a/b/0"},{"op":"replace","path":"/c","value":"y"},
             {"op":"copy","from":"/c","path":"/d"},{"op":"move","from":"/a/b","path":"/e"},{"op":"test","path":"/d","value":"y"},
             {"op":"add","path":"/e/-","value":4},{"op":"add","path":"/k~1v","value":true}]
            """#)
        #expect(try JSONPatch.apply(patch, to: target) == (try JSONParser.parse(#"{"a":{},"c":"y","d":"y","e":[9,2,3,4],"k/v":true}"#)))
    }

    @Test func jsonPatchFailuresAreAllOrNothing() throws {
        let target: JSONValue = ["a": 1]
        #expect(throws: JSONPatchError.testFailed("/a")) {
            try JSONPatch.apply(try JSONParser.parse(#"[{"op":"test","path":"/a","value":2}]"#), to: target)
        }
        #expect(throws: JSONPatchError.pathNotFound("x")) {
            try JSONPatch.apply(try JSONParser.parse(#"[{"op":"remove","path":"/x"}]"#), to: target)
        }
        #expect(throws: JSONPatchError.self) { try JSONPatch.apply(["op"], to: target) }
    }

    @Test func strategicMergePatchHonoursDirectives() throws {
        let target = try JSONParser.parse(#"{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"x":{"y":1}}}"#)
        let patch = try JSONParser.parse(#"{"$setElementOrder/containers":[],"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"x":{"$patch":"replace","z":2}}}"#)
        #expect(StrategicMergePatch.apply(patch, to: target) == (try JSONParser.parse(#"{"metadata":{"labels":{"a":"1","c":"3"}},"spec":{"x":{"z":2}}}"#)))
    }

    @Test func strategicMergePatchMergesListsByTheirSchemaKeys() throws {
        let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
        let target = try JSONParser.parse(#"""
            {"metadata":{"finalizers":["a"]},"spec":{"template":{"spec":{"containers":[
              {"name":"app","image":"app:1","ports":[{"containerPort":80}]},{"name":"side","image":"side:1"}],
             "volumes":[{"name":"v","emptyDir":{}}]}}}}
            """#)
        // What `kubectl set image deployment/x app=app:2` and an apply that drops a volume send.
        let patch = try JSONParser.parse(#"""
            {"metadata":{"finalizers":["b"]},"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"side"},{"name":"app"}],"containers":[{"name":"app","image":"app:2"}],
              "volumes":[{"name":"v","$patch":"delete"}]}}}}
            """#)
        let result = StrategicMergePatch.apply(patch, to: target, kind: deployment)
        let spec = try #require(result["spec"]?["template"]?["spec"])
        #expect(spec["containers"] == (try JSONParser.parse(#"[{"name":"side","image":"side:1"},{"name":"app","image":"app:2","ports":[{"containerPort":80}]}]"#)))
        #expect(spec["volumes"] == [])
        // metadata.finalizers is a list of scalars with the merge strategy: a set union.
        #expect(result["metadata"]?["finalizers"] == ["a", "b"])
    }
}
