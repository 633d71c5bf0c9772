import KubeModel
import Testing

@Suite struct CustomResourceSchemaTests {
    private static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private static let schema = CustomResourceSchema(try! json("""
        {"type": "object", "properties": {
          "spec": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+$"},
            "replicas": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
            "ratio": {"type": "number", "exclusiveMaximum": true, "maximum": 1},
            "color": {"type": "string", "enum": ["red", "blue"]},
            "port": {"x-kubernetes-int-or-string": true},
            "when": {"type": "string", "format": "date-time"},
            "note": {"type": "string", "nullable": true},
            "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
            "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                      "items": {"type": "object", "properties": {"name": {"type": "string"}, "port": {"type": "integer", "default": 80}}}},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            "template": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {"spec": {"type": "object"}}}
          }},
          "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}}
        }}
        """))

    @Test func acceptsAValidObjectAndFillsDefaults() throws {
        var object = try Self.json("""
            {"apiVersion": "x.io/v1", "kind": "Thing", "metadata": {"name": "a"},
             "spec": {"name": "abc", "port": "http", "ports": [{"name": "web"}], "note": null, "when": "2026-01-02T03:04:05Z"}}
            """)
        #expect(Self.schema.problems(object).isEmpty)
        Self.schema.applyDefaults(to: &object)
        #expect(object["spec"]?["replicas"] == 1)
        #expect(object["spec"]?["ports"]?.arrayValue?.first?["port"] == 80)
        #expect(object["spec"]?["tags"] == nil)
    }

    @Test func reportsEveryProblemWithKubernetesWording() throws {
        let object = try Self.json("""
            {"spec": {"name": "ABCDEFG", "replicas": "three", "ratio": 1, "color": "pink", "port": true,
                      "when": "yesterday", "tags": ["a", "a", "b"], "ports": [{"name": "x"}, {"name": "x"}],
                      "labels": {"k": 1}, "template": {"spec": {}}}}
            """)
        let messages = Set(Self.schema.problems(object).map { "\($0.field): \($0.message)" })
        let expected: Set<String> = [
            "spec.name: Too long: may not be more than 5 bytes",
            "spec.name: Invalid value: \"ABCDEFG\": spec.name in body should match '^[a-z]+$'",
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
            "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1",
            "spec.color: Unsupported value: \"pink\": supported values: \"red\", \"blue\"",
            "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"",
            "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"",
            "spec.tags: Too many: 3: must have at most 2 items",
            "spec.tags[1]: Duplicate value: \"a\"",
            "spec.ports[1]: Duplicate value: [\"x\"]",
            "spec.labels.k: Invalid value: \"integer\": spec.labels.k in body must be of type string: \"integer\"",
            "spec.template.apiVersion: Required value",
            "spec.template.kind: Required value",
        ]
        #expect(messages == expected)
    }

    @Test func requiredMinimumAndNull() throws {
        let object = try Self.json(#"{"spec": {"replicas": 0, "color": null}}"#)
        let messages = Self.schema.problems(object).map { "\($0.field): \($0.message)" }
        #expect(messages == [
            "spec.name: Required value",
            "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1",
            "spec.color: Invalid value: \"null\": spec.color in body must be of type string: \"null\"",
        ])
    }

    @Test func prunesUndeclaredFieldsButKeepsObjectMembersAndPreservedTrees() throws {
        let object = try Self.json("""
            {"apiVersion": "x.io/v1", "kind": "Thing", "metadata": {"name": "a"}, "extra": 1,
             "spec": {"name": "ab", "bogus": true, "free": {"anything": {"goes": 1}}, "labels": {"a": "b"},
                      "ports": [{"name": "web", "protocol": "TCP"}],
                      "template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}, "junk": 2}},
             "status": {"ready": true, "phase": "Up"}}
            """)
        let (pruned, unknown) = Self.schema.prune(object)
        #expect(unknown == ["extra", "spec.bogus", "spec.ports[0].protocol", "spec.template.junk", "status.phase"])
        #expect(pruned["apiVersion"] == "x.io/v1" && pruned["metadata"]?["name"] == "a")
        #expect(pruned["spec"]?["free"]?["anything"]?["goes"] == 1)
        #expect(pruned["spec"]?["template"]?["kind"] == "Pod" && pruned["spec"]?["template"]?["junk"] == nil)
        #expect(pruned["spec"]?["labels"]?["a"] == "b")
    }
}

@Suite struct CustomResourceDefinitionTests {
    private static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func readsNamesVersionsAndServedDefinitions() throws {
        let crd = try CustomResourceDefinition(Self.json("""
            {"metadata": {"name": "widgets.example.com"}, "spec": {"group": "example.com", "scope": "Cluster",
              "names": {"plural": "widgets", "kind": "Widget", "shortNames": ["wd"]},
              "versions": [
                {"name": "v1beta1", "served": true, "storage": false, "schema": {"openAPIV3Schema": {"type": "object"}}},
                {"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object"}},
                 "subresources": {"status": {}, "scale": {"specReplicasPath": ".spec.size", "statusReplicasPath": ".status.size"}},
                 "additionalPrinterColumns": [{"name": "Size", "type": "integer", "jsonPath": ".spec.size"}]},
                {"name": "v0", "served": false, "storage": false, "schema": {"openAPIV3Schema": {"type": "object"}}}]}}
            """))
        #expect(crd.names.singular == "widget" && crd.names.listKind == "WidgetList")
        #expect(crd.storageVersion == "v1" && crd.storagePath == "example.com/widgets")
        let definitions = crd.resourceDefinitions()
        #expect(definitions.map(\.resource.version) == ["v1beta1", "v1"])
        let v1 = try #require(definitions.last)
        #expect(!v1.namespaced && v1.shortNames == ["wd"] && v1.subresources == ["status", "scale"])
        #expect(v1.customResource?.storageVersion == "v1" && v1.customResource?.versionCount == 3)
        #expect(try v1.customResource?.printerColumns.first?.cell(Self.json(#"{"spec": {"size": 4}}"#)) == 4)
    }

    @Test func refusesWhatKubernetesRefuses() throws {
        let object = try Self.json("""
            {"metadata": {"name": "things.example.com"}, "spec": {"group": "example.com", "scope": "Namespaced",
              "names": {"plural": "widgets", "kind": ""},
              "versions": [{"name": "v1", "served": true, "storage": false,
                            "schema": {"openAPIV3Schema": {"properties": {"spec": {"type": "object",
                              "properties": {"items": {"type": "array", "items": {}}}}}}}}]}}
            """)
        let error = try #require(throws: StatusError.self) { try CustomResourceDefinition(object) }
        #expect(error.code == 422)
        let messages = Set(CustomResourceDefinition.validationProblems(object).map { "\($0.field): \($0.message)" })
        #expect(messages == [
            "metadata.name: Invalid value: \"things.example.com\": must be spec.names.plural+\".\"+spec.group",
            "spec.names.kind: Required value",
            "spec.versions: Invalid value: \"\": must have exactly one version marked as storage version",
            "spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root",
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[items].items.type: Required value: must not be empty for specified array items",
        ])
    }

    @Test func simpleJSONPathsReachMembersIndexesAndFilters() throws {
        let object = try Self.json("""
            {"status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "Synced", "status": "False"}]},
             "spec": {"items": [1, 2, 3]}}
            """)
        #expect(SimpleJSONPath(#".status.conditions[?(@.type=="Synced")].status"#).firstValue(in: object) == "False")
        #expect(SimpleJSONPath(".spec.items[1]").firstValue(in: object) == 2)
        #expect(SimpleJSONPath(".spec.items[*]").values(in: object) == [1, 2, 3])
        #expect(SimpleJSONPath(".spec.missing").firstValue(in: object) == nil)
        var target = JSONValue.object(JSONObject())
        SimpleJSONPath.set(5, at: ".spec.size", in: &target)
        #expect(target["spec"]?["size"] == 5)
    }
}

@Suite struct ResourceCatalogVersionOrderTests {
    @Test func preferredVersionFollowsKubernetesPriority() {
        func definition(_ version: String) -> ResourceDefinition {
            ResourceDefinition(
                resource: GroupVersionResource(group: "example.com", version: version, resource: "things"), kind: "Thing",
                namespaced: true, storagePath: "example.com/things"
            )
        }
        let catalog = ResourceCatalog(["v1alpha1", "v1beta1", "foo", "v1", "v2beta1", "v1beta2", "v2"].map(definition))
        #expect(catalog.groups.first?.versions == ["v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo"])
    }
}
