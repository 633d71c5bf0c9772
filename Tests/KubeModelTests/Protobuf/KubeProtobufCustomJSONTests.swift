import KubeModel
import Testing

/// The Go types that write their own JSON, in bodies kubectl does not send.
@Suite struct KubeProtobufCustomJSONTests {
    /// 2026-11-26T03:00:00.123456789Z.
    private static func time(_ writer: ProtobufTestWriter) -> ProtobufTestWriter {
        writer.varint(1, 1_795_662_000).varint(2, 123_456_789)
    }

    @Test func microTimeHasSixFractionDigitsAndTimeNone() throws {
        let body = ProtobufTestWriter.object(apiVersion: "events.k8s.io/v1", kind: "Event") {
            $0.message(2, Self.time).message(13, Self.time).string(7, "Started")
        }
        let expected = try JSONParser.parse(
            #"""
            {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"creationTimestamp":null},
             "eventTime":"2026-11-26T03:00:00.123456Z","reason":"Started","regarding":{},"deprecatedSource":{},
             "deprecatedFirstTimestamp":"2026-11-26T03:00:00Z","deprecatedLastTimestamp":null}
            """#
        )
        #expect(try KubeProtobuf.decodeObject(body) == expected)
    }

    @Test func rawExtensionHoldsJSONOrAProtobufObject() throws {
        let json = ProtobufTestWriter.object(apiVersion: "apps/v1", kind: "ControllerRevision") {
            $0.message(2) { $0.string(1, #"{"spec":{"template":{"x":[1,2.5]}}}"#) }.varint(3, 2)
        }
        #expect(
            try KubeProtobuf.decodeObject(json)
                == [
                    "kind": "ControllerRevision", "apiVersion": "apps/v1", "metadata": ["creationTimestamp": nil],
                    "data": ["spec": ["template": ["x": [1, 2.5]]]], "revision": 2,
                ]
        )
        let configMap = ProtobufTestWriter.object(apiVersion: "v1", kind: "ConfigMap") {
            $0.message(1) { $0.string(1, "inner") }
        }
        let object = ProtobufTestWriter.object(apiVersion: "apps/v1", kind: "ControllerRevision") {
            $0.message(2) { $0.bytes(1, configMap) }
        }
        #expect(
            try KubeProtobuf.decodeObject(object)
                == [
                    "kind": "ControllerRevision", "apiVersion": "apps/v1", "metadata": ["creationTimestamp": nil],
                    "data": [
                        "kind": "ConfigMap", "apiVersion": "v1",
                        "metadata": ["name": "inner", "creationTimestamp": nil],
                    ],
                    "revision": 0,
                ]
        )
    }

    @Test func metaKindsDecodeInAnyGroupVersion() throws {
        let body = ProtobufTestWriter.object(apiVersion: "apps/v1", kind: "DeleteOptions") {
            $0.varint(1, 0).string(4, "Foreground")
        }
        #expect(
            try KubeProtobuf.decodeObject(body)
                == [
                    "kind": "DeleteOptions", "apiVersion": "apps/v1", "gracePeriodSeconds": 0,
                    "propagationPolicy": "Foreground",
                ]
        )
    }
}
