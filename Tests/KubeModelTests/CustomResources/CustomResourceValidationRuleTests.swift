import KubeModel
import Testing

/// CEL rules (`x-kubernetes-validations`) of CRD schemas: compiled at CRD creation, evaluated on
/// custom objects with kube-apiserver's causes.
@Suite struct CustomResourceValidationRuleTests {
    private static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private static let schema = CustomResourceSchema(try! json("""
        {"type": "object", "x-kubernetes-validations": [{"rule": "self.metadata.name.startsWith('w')"}], "properties": {
          "spec": {"type": "object",
            "x-kubernetes-validations": [
              {"rule": "self.minReplicas <= self.maxReplicas", "message": "minReplicas must not exceed maxReplicas"},
              {"rule": "!has(self.mode) || self.mode in ['fast', 'slow']", "fieldPath": ".mode", "reason": "FieldValueForbidden",
               "messageExpression": "'mode ' + self.mode + ' is not allowed'"}
            ],
            "properties": {
              "minReplicas": {"type": "integer"},
              "maxReplicas": {"type": "integer"},
              "ratio": {"type": "number", "x-kubernetes-validations": [{"rule": "self < 1.0"}]},
              "mode": {"type": "string"},
              "region": {"type": "string", "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "Value is immutable"}]},
              "port": {"x-kubernetes-int-or-string": true, "x-kubernetes-validations": [{"rule": "self > 0"}]},
              "names": {"type": "array", "items": {"type": "string", "x-kubernetes-validations": [{"rule": "size(self) <= 3"}]}},
              "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                "items": {"type": "object", "properties": {"name": {"type": "string"}, "number": {"type": "integer"}},
                  "x-kubernetes-validations": [{"rule": "self.number >= oldSelf.number", "message": "may only grow"}]}},
              "labels": {"type": "object", "additionalProperties": {"type": "string", "x-kubernetes-validations": [{"rule": "self != ''"}]}},
              "limit": {"type": "integer", "x-kubernetes-validations": [{"rule": "self / (self - 5) > 0"}]}
            }}
        }}
        """))

    private static func messages(_ spec: String, old: String? = nil, name: String = "web") throws -> [String] {
        let object = try Self.json(#"{"metadata": {"name": "\#(name)"}, "spec": \#(spec)}"#)
        let previous = try old.map { try Self.json(#"{"metadata": {"name": "\#(name)"}, "spec": \#($0)}"#) }
        let schemaProblems = Self.schema.problems(object)
        return (schemaProblems + Self.schema.ruleProblems(object, old: previous, schemaProblems: schemaProblems))
            .map { "\($0.type) \($0.field): \($0.message)" }
    }

    @Test func acceptsAnObjectThatKeepsEveryRule() throws {
        #expect(try Self.messages(#"{"minReplicas": 1, "maxReplicas": 2, "mode": "fast", "names": ["a"], "port": 8080, "labels": {"a": "b"}}"#) == [])
    }

    @Test func reportsRulesThatFailWithTheirMessages() throws {
        #expect(try Self.messages(#"{"minReplicas": 3, "maxReplicas": 2}"#, name: "x") == [
            #"FieldValueInvalid <nil>: Invalid value: "object": failed rule: self.metadata.name.startsWith('w')"#,
            #"FieldValueInvalid spec: Invalid value: "object": minReplicas must not exceed maxReplicas"#,
        ])
        #expect(try Self.messages(#"{"minReplicas": 1, "maxReplicas": 2, "mode": "turbo"}"#) == [
            "FieldValueForbidden spec.mode: Forbidden: mode turbo is not allowed",
        ])
        #expect(try Self.messages(#"{"minReplicas": 1, "maxReplicas": 2, "ratio": 2}"#) == [
            #"FieldValueInvalid spec.ratio: Invalid value: "number": failed rule: self < 1.0"#,
        ])
    }

    @Test func reportsEvaluationErrors() throws {
        #expect(try Self.messages(#"{"maxReplicas": 2}"#) == [
            #"FieldValueInvalid spec: Invalid value: "object": no such key: minReplicas evaluating rule: minReplicas must not exceed maxReplicas"#,
        ])
        #expect(try Self.messages(#"{"minReplicas": 1, "maxReplicas": 2, "limit": 5}"#) == [
            #"FieldValueInvalid spec.limit: Invalid value: "integer": division by zero evaluating rule: self / (self - 5) > 0"#,
        ])
        #expect(try Self.messages(#"{"minReplicas": 1, "maxReplicas": 2, "port": "http"}"#) == [
            #"FieldValueInvalid spec.port: Invalid value: "": 'no such overload: string > int': call arguments did not match a supported operator, function or macro signature for rule: self > 0"#,
        ])
    }

    @Test func runsRulesPerListItemAndMapValue() throws {
        #expect(try Self.messages(#"{"minReplicas": 1, "maxReplicas": 2, "names": ["ab", "abcd", "x", "wxyz"], "labels": {"a": "", "b": "c"}}"#) == [
            #"FieldValueInvalid spec.names[1]: Invalid value: "string": failed rule: size(self) <= 3"#,
            #"FieldValueInvalid spec.names[3]: Invalid value: "string": failed rule: size(self) <= 3"#,
            #"FieldValueInvalid spec.labels[a]: Invalid value: "string": failed rule: self != ''"#,
        ])
    }

    @Test func runsTransitionRulesOnlyWithAnOldValue() throws {
        let spec = #"{"minReplicas": 1, "maxReplicas": 2, "region": "eu", "ports": [{"name": "a", "number": 1}, {"name": "b", "number": 5}]}"#
        #expect(try Self.messages(spec) == [])
        #expect(try Self.messages(spec, old: spec) == [])
        #expect(try Self.messages(spec, old: #"{"minReplicas": 1, "maxReplicas": 2}"#) == [])
        let changed = #"{"minReplicas": 1, "maxReplicas": 2, "region": "us", "ports": [{"name": "b", "number": 4}, {"name": "c", "number": 1}]}"#
        #expect(try Self.messages(changed, old: spec) == [
            #"FieldValueInvalid spec.region: Invalid value: "string": Value is immutable"#,
            #"FieldValueInvalid spec.ports[0]: Invalid value: "object": may only grow"#,
        ])
    }

    @Test func skipsRulesWhenTheObjectBreaksItsSchema() throws {
        #expect(try Self.messages(#"{"minReplicas": "three", "maxReplicas": 2}"#) == [
            #"FieldValueInvalid spec.minReplicas: Invalid value: "string": spec.minReplicas in body must be of type integer: "string""#,
            #"FieldValueInvalid <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"#,
        ])
    }

    @Test func escapesPropertyNamesAsKubeDoes() throws {
        let schema = CustomResourceSchema(try Self.json("""
            {"type": "object", "x-kubernetes-validations": [
              {"rule": "self.__namespace__ == 'a' && self.x__dash__y == 1 && self.a__dot__b__slash__c == 2 && self.p__underscores__q == 3"},
              {"rule": "self.labels['app.kubernetes.io/name'] == 'web'"}],
             "properties": {"namespace": {"type": "string"}, "x-y": {"type": "integer"}, "a.b/c": {"type": "integer"},
               "p__q": {"type": "integer"}, "labels": {"type": "object", "additionalProperties": {"type": "string"}}}}
            """))
        let object = try Self.json(#"{"namespace": "a", "x-y": 1, "a.b/c": 2, "p__q": 3, "labels": {"app.kubernetes.io/name": "web"}}"#)
        #expect(schema.ruleProblems(object, old: nil, schemaProblems: []) == [])
    }

    @Test func stopsARuleAtItsCostLimitAndAllRulesAtTheObjectBudget() throws {
        let schema = CustomResourceSchema(try Self.json("""
            {"type": "object", "properties": {
              "wide": {"type": "array", "items": {"type": "integer"},
                       "x-kubernetes-validations": [{"rule": "self.all(a, self.all(b, self.all(c, true)))"}]},
              "grid": {"type": "array", "items": {"type": "array", "items": {"type": "integer"},
                       "x-kubernetes-validations": [{"rule": "self.all(a, self.all(b, true))"}]}}}}
            """))
        let row = JSONValue.array((0..<500).map { .integer($0) })
        let wide: JSONValue = ["wide": row]
        #expect(schema.ruleProblems(wide, old: nil, schemaProblems: []).map(\.message) == [
            "Invalid value: \"array\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run "
                + "due to call cost exceeds limit for rule: self.all(a, self.all(b, self.all(c, true)))",
        ])
        let grid: JSONValue = ["grid": .array(Array(repeating: row, count: 50))]
        let problems = schema.ruleProblems(grid, old: nil, schemaProblems: [])
        #expect(problems.map(\.message) == [
            "Invalid value: \"array\": validation failed due to running out of cost budget, no further validation rules will be run",
        ])
        #expect(problems.first?.field.hasPrefix("grid[") == true)
    }

    // MARK: CRD creation

    private static func definitionProblems(_ rules: String, items: Bool = false) throws -> [String] {
        let node = items
            ? #"{"type": "array", "items": {"type": "object", "x-kubernetes-validations": \#(rules)}}"#
            : #"{"type": "object", "x-kubernetes-validations": \#(rules)}"#
        let object = try Self.json("""
            {"metadata": {"name": "widgets.example.com"}, "spec": {"group": "example.com", "scope": "Namespaced",
              "names": {"plural": "widgets", "kind": "Widget"},
              "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object",
                "properties": {"spec": \(node)}}}}]}}
            """)
        return CustomResourceDefinition.validationProblems(object).map { "\($0.type) \($0.field): \($0.message)" }
    }

    @Test func acceptsRulesThatCompile() throws {
        #expect(try Self.definitionProblems(#"[{"rule": "self.a.all(x, x.matches('^[a-z]+$')) && size(self.b) < 3", "message": "m"}, {"rule": "self == oldSelf"}]"#) == [])
        #expect(try Self.definitionProblems(#"[{"rule": "self.x > 0"}]"#, items: true) == [])
    }

    @Test func refusesRulesThatDoNotCompile() throws {
        let path = "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations"
        #expect(try Self.definitionProblems(#"[{"rule": "self.a +"}, {"rule": "self.a.frobnicate()", "reason": "FieldValueForbidden"}, {"rule": ""}]"#) == [
            "FieldValueInvalid \(path)[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.a +\", Message:\"\", MessageExpression:\"\", "
                + "Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: "
                + "ERROR: <input>:1:9: Syntax error: unexpected input <EOF>\n | self.a +\n | ........^",
            "FieldValueInvalid \(path)[1].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.a.frobnicate()\", Message:\"\", MessageExpression:\"\", "
                + "Reason:(*apiextensions.FieldValueErrorReason)(\"FieldValueForbidden\"), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: "
                + "ERROR: <input>:1:8: undeclared reference to 'frobnicate' (in container '')\n | self.a.frobnicate()\n | .......^",
            "FieldValueRequired \(path)[2].rule: Required value: rule is not specified",
        ])
        #expect(try Self.definitionProblems(#"[{"rule": "true", "messageExpression": "'a' +", "reason": "Bad", "optionalOldSelf": true}]"#) == [
            "FieldValueInvalid \(path)[0].messageExpression: Invalid value: apiextensions.ValidationRule{Rule:\"true\", Message:\"\", MessageExpression:\"'a' +\", "
                + "Reason:(*apiextensions.FieldValueErrorReason)(\"Bad\"), FieldPath:\"\", OptionalOldSelf:(*bool)(true)}: messageExpression compilation failed: "
                + "ERROR: <input>:1:6: Syntax error: unexpected input <EOF>\n | 'a' +\n | .....^",
            "FieldValueForbidden \(path)[0].optionalOldSelf: Forbidden: optionalOldSelf is not supported by this server (it needs CEL optional values)",
            "FieldValueNotSupported \(path)[0].reason: Unsupported value: \"Bad\": supported values: \"FieldValueInvalid\", \"FieldValueForbidden\", \"FieldValueRequired\", \"FieldValueDuplicate\"",
        ])
    }

    @Test func refusesTransitionRulesUnderItemsWithoutIdentity() throws {
        #expect(try Self.definitionProblems(#"[{"rule": "self == oldSelf"}]"#, items: true) == [
            "FieldValueInvalid spec.versions[0].schema.openAPIV3Schema.properties[spec].items.x-kubernetes-validations[0].rule: "
                + "Invalid value: \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the schema within "
                + "spec.versions[0].schema.openAPIV3Schema.properties[spec]",
        ])
    }
}
