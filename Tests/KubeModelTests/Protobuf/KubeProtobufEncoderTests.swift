import Foundation
import KubeModel
import Testing

/// Encoding JSON objects as protobuf inverts decoding them.
@Suite struct KubeProtobufEncoderTests {
    /// kubectl 1.31's JSON request encodes to the very bytes kubectl 1.33 sends for the command.
    @Test(arguments: KubectlFixture.requests)
    func requestJSONEncodesToKubectlsBytes(_ fixture: KubectlFixture) throws {
        let encoded = try KubeProtobuf.encodeObject(JSONParser.parse(fixture.json))
        #expect(Self.hex(encoded) == fixture.protobufHex, "\(fixture.command)")
    }

    /// Every fixture's JSON encodes to bytes that decode back to the same JSON, in the same order.
    ///
    /// One fact does not survive, in Go either: a pointer to the zero `Time` (kube wrote
    /// `lastScheduleTime` as an empty message) prints as `null`, and `null` reads as a nil pointer,
    /// which is not written.
    @Test(arguments: KubectlFixture.requests + KubectlFixture.responses)
    func encodedJSONDecodesToItself(_ fixture: KubectlFixture) throws {
        let encoded = try KubeProtobuf.encodeObject(JSONParser.parse(fixture.json))
        let expected = fixture.json.replacingOccurrences(of: #""lastScheduleTime":null,"#, with: "")
        #expect(try KubeProtobuf.decodeObject(encoded).jsonText == expected)
    }

    /// The responses' bytes re-encode exactly from what they decode to, except where JSON drops
    /// facts the bytes hold (nanoseconds of a `Time`).
    @Test(arguments: KubectlFixture.responses)
    func decodedResponseReencodesToItsBytes(_ fixture: KubectlFixture) throws {
        let decoded = try KubeProtobuf.decodeObject(fixture.protobuf)
        let reencoded = try KubeProtobuf.encodeObject(decoded)
        #expect(try KubeProtobuf.decodeObject(reencoded).jsonText == decoded.jsonText.replacingOccurrences(of: #""lastScheduleTime":null,"#, with: ""))
        #expect(try KubeProtobuf.encodeObject(KubeProtobuf.decodeObject(reencoded)) == reencoded)
    }

    @Test func timesAreSecondsAndNanosAndTheZeroTimeIsEmpty() throws {
        let event: JSONValue = [
            "kind": "Event", "apiVersion": "events.k8s.io/v1", "metadata": ["name": "e"],
            "eventTime": "2026-11-26T03:00:00.123456Z", "deprecatedFirstTimestamp": "2026-11-26T04:00:00+01:00",
            "deprecatedLastTimestamp": "0001-01-01T00:00:00Z",
        ]
        let decoded = try KubeProtobuf.decodeObject(KubeProtobuf.encodeObject(event))
        #expect(decoded["eventTime"] == "2026-11-26T03:00:00.123456Z")
        #expect(decoded["deprecatedFirstTimestamp"] == "2026-11-26T03:00:00Z")
        #expect(decoded["deprecatedLastTimestamp"] == .null)
        let pod: JSONValue = ["kind": "Pod", "apiVersion": "v1", "metadata": ["creationTimestamp": "1969-12-31T23:59:59Z"]]
        #expect(try KubeProtobuf.decodeObject(KubeProtobuf.encodeObject(pod))["metadata"] == pod["metadata"])
    }

    @Test func intOrStringQuantityAndRawExtension() throws {
        let budget: JSONValue = [
            "kind": "PodDisruptionBudget", "apiVersion": "policy/v1", "metadata": ["name": "b"],
            "spec": ["minAvailable": "50%", "maxUnavailable": 2],
        ]
        let quota: JSONValue = [
            "kind": "ResourceQuota", "apiVersion": "v1", "metadata": ["name": "q"],
            "spec": ["hard": ["pods": "10", "cpu": "500m"]],
        ]
        let revision: JSONValue = [
            "kind": "ControllerRevision", "apiVersion": "apps/v1", "metadata": ["name": "r"],
            "data": ["spec": ["x": [1, 2.5]]], "revision": 3,
        ]
        for object in [budget, quota, revision] {
            let decoded = try KubeProtobuf.decodeObject(KubeProtobuf.encodeObject(object))
            #expect(decoded["spec"] == object["spec"])
            #expect(decoded["data"] == object["data"])
        }
    }

    @Test func watchEventIsALengthPrefixedWatchEventAroundTheObject() throws {
        let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 410, "reason": "Expired"]
        let frame = try KubeProtobuf.encodeWatchEvent(type: "ERROR", object: status)
        let length = frame.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(length == frame.count - 4)
        let inner = try KubeProtobuf.encodeObject(status)
        let rawExtension = ProtobufTestWriter().bytes(1, inner).bytes
        #expect(Array(frame.dropFirst(4)) == ProtobufTestWriter().string(1, "ERROR").bytes(2, rawExtension).bytes)
        #expect(try KubeProtobuf.decodeObject(inner)["code"] == 410)
    }

    @Test func kindsWithoutASchemaAreRefused() {
        #expect(KubeProtobuf.canEncode(apiVersion: "v1", kind: "Pod"))
        #expect(KubeProtobuf.canEncode(apiVersion: "meta.k8s.io/v1", kind: "PartialObjectMetadataList"))
        #expect(!KubeProtobuf.canEncode(apiVersion: "example.com/v1", kind: "Widget"))
        #expect(!KubeProtobuf.canEncode(apiVersion: "meta.k8s.io/v1", kind: "Table"))
        #expect(throws: KubeProtobufError.unknownKind(apiVersion: "example.com/v1", kind: "Widget")) {
            try KubeProtobuf.encodeObject(["kind": "Widget", "apiVersion": "example.com/v1"])
        }
        #expect(throws: KubeProtobufError.self) {
            try KubeProtobuf.encodeObject(["kind": "Pod", "apiVersion": "v1", "spec": ["priority": "high"]])
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
