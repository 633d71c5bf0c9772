import Foundation
import KubeModel
import StoreCore
import Testing

@testable import APIServer

@Suite struct ListedObjectTests {
    private static let objects: [String] = [
        // As the object store writes them: resourceVersion emptied in place.
        #"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"","labels":{"x":"y"}},"spec":{}}"#,
        // An event whose involvedObject carries a resourceVersion of its own, before metadata.
        #"{"involvedObject":{"kind":"Pod","resourceVersion":"7"},"metadata":{"name":"e"},"reason":"Started"}"#,
        // Written by someone else: whitespace, no resourceVersion, an empty metadata.
        #" { "kind" : "ConfigMap", "metadata" : { } , "data" : {"k":"v}"} } "#,
        // Not something the locator follows: decoded and serialized instead.
        #"{"metadat\u0061":{"name":"escaped"}}"#,
    ]

    @Test(arguments: objects) func writesWhatDecodingAndSerializingWould(text: String) throws {
        let stored = KeyValue(key: Data("/registry/pods/default/a".utf8), modRevision: 4711, value: Data(text.utf8))
        let listed = ListedObject(stored: stored, decoded: nil)
        var written: [UInt8] = []
        try listed.writeJSON(to: &written)
        let expected = try listed.object()
        #expect(try JSONParser.parse(written) == expected)
        #expect(expected.metadataString("resourceVersion") == "4711")
    }

    @Test func listBodyIsTheEnvelopeFollowedByItems() throws {
        let items = (1...3).map { index in
            let text = #"{"metadata":{"name":"c\#(index)","resourceVersion":""}}"#
            return ListedObject(stored: KeyValue(key: Data(), modRevision: Int64(index), value: Data(text.utf8)), decoded: nil)
        }
        let body = try ResourceHandler.listBody(envelope: ["kind": "ConfigMapList", "metadata": ["resourceVersion": "9"]], items: items)
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"kind":"ConfigMapList","metadata":{"resourceVersion":"9"},"items":[{"metadata":{"name":"c1","resourceVersion":"1"}},{"metadata":{"name":"c2","resourceVersion":"2"}},{"metadata":{"name":"c3","resourceVersion":"3"}}]}"#
        )
        #expect(String(decoding: try ResourceHandler.listBody(envelope: ["kind": "L"], items: []), as: UTF8.self) == #"{"kind":"L","items":[]}"#)
    }
}
