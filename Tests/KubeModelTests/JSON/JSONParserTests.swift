import Testing

@testable import KubeModel

@Suite struct JSONParserTests {
    @Test func keepsIntegersExactAndOrderStable() throws {
        let value = try JSONParser.parse(#"{"z":9007199254740993,"a":-1.5e3,"m":[true,false,null],"s":"x"}"#)
        #expect(value["z"] == .integer(9_007_199_254_740_993))
        #expect(value["a"] == .double(-1500))
        #expect(value.jsonText == #"{"z":9007199254740993,"a":-1500,"m":[true,false,null],"s":"x"}"#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["a\"b\\c\/\n\t","\u00e9\ud83d\ude00","\ud800x"]"#)
        #expect(value == ["a\"b\\c/\n\t", "é😀", "\u{FFFD}x"])
        #expect(JSONValue.string("tab\there \"q\" \u{1}").jsonText == #""tab\there \"q\" \u0001""#)
    }

    @Test func duplicateKeysKeepTheLastValueInTheFirstPosition() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.jsonText == #"{"a":3,"b":2}"#)
        var many = "{"
        for index in 0..<40 { many += "\"k\(index)\":\(index)," }
        many += "\"k3\":99}"
        let large = try JSONParser.parse(many)
        #expect(large.objectValue?.count == 40)
        #expect(large["k3"] == .integer(99))
    }

    @Test(arguments: [
        ("", "unexpected end of JSON input"),
        ("{", "unexpected end of JSON input"),
        ("nope", "invalid character 'o' in literal null (expecting 'u')"),
        ("x", "invalid character 'x' looking for beginning of value"),
        (#"{"a" 1}"#, "invalid character '1' after object key"),
        (#"{"a":1 "b":2}"#, "invalid character '\"' after object key:value pair"),
        ("[1 2]", "invalid character '2' after array element"),
        ("{1:2}", "invalid character '1' looking for beginning of object key string"),
        ("{} x", "invalid character 'x' after top-level value"),
        ("\"a\u{1}\"", "invalid character '\\x01' in string literal"),
        ("01", "invalid character '1' after top-level value"),
        ("-", "unexpected end of JSON input"),
        ("1.e5", "invalid character 'e' after decimal point in numeric literal"),
    ])
    func errorsAreWordedLikeGo(input: String, message: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(input) }
        do {
            _ = try JSONParser.parse(input)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func refusesAbsurdNesting() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError(message: "exceeded max depth", offset: JSONParser.maximumDepth)) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONParser.parse(fine)) != nil)
    }
}
