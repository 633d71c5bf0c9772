import Testing

@testable import KubeBench

/// The scanner reads only a few fields, but must read them right whatever surrounds them.
@Suite struct JSONScannerTests {
    @Test func readsAnObjectsIdentityPastOtherFields() throws {
        let json = #"""
            {"kind":"ConfigMap","apiVersion":"v1","data":{"name":"not this","resourceVersion":"9"},
             "metadata":{"labels":{"name":"x"},"name":"web-1","managedFields":[{"a":[1,2.5e3,true,null]}],
             "resourceVersion":"1234","annotations":{"q":"say \"hi\" \\ \u00e9"}}}
            """#
        let identity = try JSONScanner.scan(Array(json.utf8)) { scanner throws(KubeBenchError) in
            try scanner.objectIdentity()
        }
        #expect(identity == JSONScanner.ObjectIdentity(name: "web-1", resourceVersion: "1234"))
    }

    @Test func readsWatchEventsAndLists() throws {
        let event = #"{"type":"MODIFIED","object":{"metadata":{"resourceVersion":"7","name":"a\u002db"}}}"#
        let parsed = try JSONScanner.scan(Array(event.utf8)) { scanner throws(KubeBenchError) in
            try scanner.watchEvent()
        }
        #expect(
            parsed.type == "MODIFIED" && parsed.object == JSONScanner.ObjectIdentity(name: "a-b", resourceVersion: "7"))

        let list =
            #"{"kind":"PodList","metadata":{"resourceVersion":"42","continue":"eyJ2Ijo"},"items":[{"metadata":{"name":"p1"}},{"metadata":{"name":"p2"}}]}"#
        let read = try JSONScanner.scan(Array(list.utf8)) { scanner throws(KubeBenchError) in try scanner.list() }
        #expect(read.names == ["p1", "p2"] && read.resourceVersion == "42" && read.continueToken == "eyJ2Ijo")
        let empty = try JSONScanner.scan(Array(#"{"items":[],"metadata":{}}"#.utf8)) { scanner throws(KubeBenchError) in
            try scanner.list()
        }
        #expect(empty.names.isEmpty && empty.continueToken.isEmpty)
    }

    @Test func refusesTruncatedJSON() {
        for text in [#"{"metadata":{"name":"a""#, #"{"metadata":"#, #"{"a":[1,2"#, "", #"{"a" 1}"#] {
            #expect(throws: KubeBenchError.self) {
                try JSONScanner.scan(Array(text.utf8)) { scanner throws(KubeBenchError) in try scanner.objectIdentity()
                }
            }
        }
    }
}
