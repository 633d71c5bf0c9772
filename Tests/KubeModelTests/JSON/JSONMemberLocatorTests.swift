import Testing

@testable import KubeModel

@Suite struct JSONMemberLocatorTests {
    private func locate(_ path: [String], _ text: String) -> JSONMemberLocator.Location? {
        Array(text.utf8).withUnsafeBufferPointer { JSONMemberLocator.locate(path, in: $0) }
    }

    private func value(_ path: [String], _ text: String) -> Substring? {
        guard case .value(let range) = self.locate(path, text) else { return nil }
        let bytes = Array(text.utf8)[range]
        return Substring(String(decoding: bytes, as: UTF8.self))
    }

    @Test func findsNestedValuesPastDecoys() {
        // Nested objects, strings with braces, quotes and escapes, and arrays precede the member.
        let text = #" { "spec" : {"metadata":{"resourceVersion":"no"}}, "s":"a}\"{[", "l":[1,{"x":[]},-2.5e3,true,null], "metadata" : { "name":"n", "resourceVersion" : "" , "labels":{}} } "#
        #expect(self.value(["metadata", "resourceVersion"], text) == #""""#)
        #expect(self.value(["metadata", "labels"], text) == "{}")
        #expect(self.value(["l"], text) == #"[1,{"x":[]},-2.5e3,true,null]"#)
        #expect(self.value(["metadata", "name"], text) == #""n""#)
    }

    @Test func stopsAtTheFirstOccurrence() {
        // The text after the member is not read: here it is not even valid.
        #expect(self.value(["b"], #"{"a":1,"b":22,"c":"#) == "22")
    }

    @Test func missingLastKeyGivesTheInsertionPoint() {
        #expect(self.locate(["metadata", "resourceVersion"], #"{"metadata":{"name":"x"}}"#) == .insertion(at: 13, objectIsEmpty: false))
        #expect(self.locate(["metadata", "resourceVersion"], #"{"metadata":{ }}"#) == .insertion(at: 13, objectIsEmpty: true))
    }

    @Test(arguments: [
        #"[1]"#, #"{"metadata":"x"}"#, #"{"kind":"Pod"}"#, #"{"meta\u0064ata":{}}"#, #"{"metadata":{"a":"#, "",
    ])
    func refusesWhatItCannotFollow(text: String) {
        #expect(self.locate(["metadata", "resourceVersion"], text) == nil)
    }
}
