import KubeModel
import Testing

/// Bad bodies are refused with a ``KubeProtobufError`` that says why, never with a crash.
@Suite struct KubeProtobufMalformedInputTests {
    private static let magic = Array("k8s".utf8) + [0]
    private static let envelope = "k8s.io.apimachinery.pkg.runtime.Unknown"

    @Test func bodiesWithoutTheMagicAreNotProtobuf() {
        for body in [[], Array("k8s".utf8), Array("k8s\u{1}".utf8) + [0x0A, 0x00], Array(#"{"kind":"Pod"}"#.utf8)] {
            #expect(throws: KubeProtobufError.notProtobuf) { try KubeProtobuf.decodeObject(body) }
        }
        #expect(KubeProtobufError.notProtobuf.description.contains("k8s"))
    }

    @Test func truncatedVarints() {
        // A key cut short, a length cut short, and a varint inside the object cut short.
        #expect(throws: KubeProtobufError.truncated(message: Self.envelope, field: 0)) {
            try KubeProtobuf.decodeObject(Self.magic + [0x80])
        }
        #expect(throws: KubeProtobufError.truncated(message: Self.envelope, field: 1)) {
            try KubeProtobuf.decodeObject(Self.magic + [0x0A, 0x80])
        }
        let body = ProtobufTestWriter.object(apiVersion: "v1", kind: "ConfigMap") { $0.raw([0x20, 0xFF]) }
        #expect(throws: KubeProtobufError.truncated(message: "k8s.io.api.core.v1.ConfigMap", field: 4)) {
            try KubeProtobuf.decodeObject(body)
        }
    }

    @Test func lengthsBeyondTheEnd() {
        #expect(throws: KubeProtobufError.truncated(message: Self.envelope, field: 1)) {
            try KubeProtobuf.decodeObject(Self.magic + [0x0A, 0x05, 0x01])
        }
        let body = ProtobufTestWriter.object(apiVersion: "v1", kind: "ConfigMap") { $0.raw([0x0A, 0x7F, 0x0A]) }
        #expect(throws: KubeProtobufError.truncated(message: "k8s.io.api.core.v1.ConfigMap", field: 1)) {
            try KubeProtobuf.decodeObject(body)
        }
        #expect(
            KubeProtobufError.truncated(message: "k8s.io.api.core.v1.ConfigMap", field: 1).description
                == "truncated field 1 of k8s.io.api.core.v1.ConfigMap"
        )
    }

    @Test func malformedFields() {
        let cases: [(ProtobufTestWriter, KubeProtobufError)] = [
            (  // metadata as a varint
                ProtobufTestWriter().varint(1, 1),
                .malformed(message: "k8s.io.api.core.v1.ConfigMap", field: 1, reason: "wrong wire type for a message")
            ),
            (  // immutable as a string
                ProtobufTestWriter().string(4, "yes"),
                .malformed(message: "k8s.io.api.core.v1.ConfigMap", field: 4, reason: "wrong wire type for bool")
            ),
            (  // an eleven-byte varint
                ProtobufTestWriter().raw([0x20] + Array(repeating: 0xFF, count: 10) + [0x01]),
                .malformed(message: "k8s.io.api.core.v1.ConfigMap", field: 4, reason: "varint overflows 64 bits")
            ),
            (  // a group (wire type 3)
                ProtobufTestWriter().raw([0x0B]),
                .malformed(message: "k8s.io.api.core.v1.ConfigMap", field: 1, reason: "unsupported wire type 3")
            ),
            (  // field number 0
                ProtobufTestWriter().raw([0x02, 0x00]),
                .malformed(message: "k8s.io.api.core.v1.ConfigMap", field: 0, reason: "invalid field number 0")
            ),
        ]
        for (raw, error) in cases {
            let body = ProtobufTestWriter.object(apiVersion: "v1", kind: "ConfigMap") { _ in raw }
            #expect(throws: error) { try KubeProtobuf.decodeObject(body) }
        }
    }

    @Test func impossibleValuesOfCustomTypes() {
        let cases: [([UInt8], KubeProtobufError)] = [
            (
                ProtobufTestWriter.object(apiVersion: "policy/v1", kind: "PodDisruptionBudget") {
                    $0.message(2) { $0.message(1) { $0.varint(1, 2) } }  // spec.minAvailable.type = 2
                },
                .malformed(
                    message: "k8s.io.apimachinery.pkg.util.intstr.IntOrString", field: 1,
                    reason: "impossible IntOrString type 2"
                )
            ),
            (
                ProtobufTestWriter.object(apiVersion: "v1", kind: "ResourceQuota") {
                    $0.message(2) { $0.message(1) { $0.string(1, "cpu").message(2) { $0.string(1, "") } } }
                },
                .malformed(message: "k8s.io.apimachinery.pkg.api.resource.Quantity", field: 1, reason: "empty quantity")
            ),
        ]
        for (body, error) in cases {
            #expect(throws: error) { try KubeProtobuf.decodeObject(body) }
        }
        let rawExtension = ProtobufTestWriter.object(apiVersion: "apps/v1", kind: "ControllerRevision") {
            $0.message(2) { $0.string(1, "{nope") }
        }
        #expect {
            try KubeProtobuf.decodeObject(rawExtension)
        } throws: { error in
            "\(error)".hasPrefix(
                "malformed field 1 of k8s.io.apimachinery.pkg.runtime.RawExtension: invalid JSON: invalid character 'n'"
            )
        }
    }

    @Test func unknownKinds() {
        let cases = [
            ("v1", "Widget"),  // no such kind
            ("apps.example.com/v1", "Deployment"),  // a custom group that shares a built-in group's first label
            ("v1", "ObjectMeta"),  // a message, but not a kind
            ("apps/v1beta1", "Deployment"),  // not a stable version
            ("", "Pod"),
            ("a/b/c", "Pod"),
        ]
        for (apiVersion, kind) in cases {
            let body = ProtobufTestWriter.object(apiVersion: apiVersion, kind: kind) { $0 }
            #expect(throws: KubeProtobufError.unknownKind(apiVersion: apiVersion, kind: kind)) {
                try KubeProtobuf.decodeObject(body)
            }
        }
        #expect(
            KubeProtobufError.unknownKind(apiVersion: "v1", kind: "Widget").description
                == #"no kind "Widget" is registered for version "v1""#
        )
    }

    @Test func compressedEnvelopesAreRefused() {
        let body =
            Self.magic
            + ProtobufTestWriter()
            .message(1) { $0.string(1, "v1").string(2, "ConfigMap") }
            .bytes(2, [0x1F, 0x8B])
            .string(3, "gzip")
            .bytes
        #expect(throws: KubeProtobufError.unsupportedEnvelope(#"content encoding "gzip""#)) {
            try KubeProtobuf.decodeObject(body)
        }
    }

    @Test func deepNestingIsRefused() throws {
        // A v1 List whose item is a protobuf List whose item is a protobuf List, …
        func nested(_ depth: Int) -> [UInt8] {
            ProtobufTestWriter.object(apiVersion: "v1", kind: "List") { list in
                depth == 0 ? list : list.message(2) { $0.bytes(1, nested(depth - 1)) }
            }
        }
        var expected: JSONValue = ["kind": "List", "apiVersion": "v1", "metadata": [:], "items": nil]
        for _ in 0..<3 {
            expected = ["kind": "List", "apiVersion": "v1", "metadata": [:], "items": [expected]]
        }
        #expect(try KubeProtobuf.decodeObject(nested(3)) == expected)
        #expect(throws: KubeProtobufError.nestingTooDeep(limit: KubeProtobuf.maximumDepth)) {
            try KubeProtobuf.decodeObject(nested(KubeProtobuf.maximumDepth))
        }
    }

    /// Every prefix of every fixture, and every fixture with any one byte changed, decodes or throws.
    @Test func damagedFixturesNeverCrash() {
        var outcomes = (decoded: 0, refused: 0)
        for fixture in KubectlFixture.requests + KubectlFixture.responses {
            let body = fixture.protobuf
            var damaged = (0..<body.count).map { Array(body[..<$0]) }
            for index in body.indices {
                for change: UInt8 in [0xFF, 0x80] {
                    var copy = body
                    copy[index] ^= change
                    damaged.append(copy)
                }
            }
            for candidate in damaged {
                do {
                    _ = try KubeProtobuf.decodeObject(candidate)
                    outcomes.decoded += 1
                } catch {
                    outcomes.refused += 1
                }
            }
        }
        #expect(outcomes.decoded > 0 && outcomes.refused > 0)
    }
}
