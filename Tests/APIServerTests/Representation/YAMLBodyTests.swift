import KubeModel
import Testing

@testable import APIServer

@Suite struct YAMLBodyTests {
    @Test func resolvesScalarsAsKubernetesDoes() throws {
        let yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels: {tier: "3", exact: 9007199254740993}
            data:
              quoted: "123"
              empty:
              flag: true
              ratio: 0.5
              list: [a, 1, null]
            """
        let value = try YAMLBody.parse(Array(yaml.utf8))
        #expect(value.jsonText == #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"tier":"3","exact":9007199254740993}},"data":{"quoted":"123","empty":null,"flag":true,"ratio":0.5,"list":["a",1,null]}}"#)
    }

    @Test func expandsAliasesButRefusesAliasBombs() throws {
        #expect(try YAMLBody.parse(Array("a: &x [1]\nb: *x\n".utf8)).jsonText == #"{"a":[1],"b":[1]}"#)
        var bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            bomb += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(throws: StatusError.badRequest("error converting YAML to JSON: the document is too large")) {
            try YAMLBody.parse(Array(bomb.utf8))
        }
    }

    @Test func refusesMalformedDocuments() {
        #expect(throws: StatusError.self) { try YAMLBody.parse(Array("a: [1, 2\n".utf8)) }
        #expect(throws: StatusError.self) { try YAMLBody.parse([]) }
    }
}
