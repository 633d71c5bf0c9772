import Foundation
import KubeModel
import Testing
import WharfTestSupport

/// Wharf's protobuf read by an independent decoder: protoc, with the descriptors of kubectl 1.33
/// (which `scripts/generate-kube-protobuf.py --descriptor-set` writes as a FileDescriptorSet).
@Suite(.enabled(if: ProtocDecoder.isAvailable, "needs protoc, python3 and kubectl.1.33"))
struct KubeProtobufProtocTests {
    @Test func configMapEnvelopeAndMessage() throws {
        let configMap: JSONValue = [
            "kind": "ConfigMap", "apiVersion": "v1",
            "metadata": ["name": "demo", "namespace": "default", "labels": ["b": "2", "a": "1"]],
            "data": ["greeting": "hello"], "binaryData": ["blob": "AAEC"],
        ]
        let encoded = try KubeProtobuf.encodeObject(configMap)
        #expect(encoded.prefix(4) == [0x6B, 0x38, 0x73, 0x00])
        let envelope = try ProtocDecoder.decode(Array(encoded.dropFirst(4)), as: "k8s.io.apimachinery.pkg.runtime.Unknown")
        #expect(envelope.hasPrefix("typeMeta {\n  apiVersion: \"v1\"\n  kind: \"ConfigMap\"\n}\nraw: "))
        #expect(envelope.hasSuffix("contentEncoding: \"\"\ncontentType: \"\"\n"))
        let message = try ProtocDecoder.decode(try #require(ProtocDecoder.raw(ofObject: encoded)), as: "k8s.io.api.core.v1.ConfigMap")
        #expect(
            message == """
                metadata {
                  name: "demo"
                  generateName: ""
                  namespace: "default"
                  selfLink: ""
                  uid: ""
                  resourceVersion: ""
                  generation: 0
                  creationTimestamp {
                  }
                  labels {
                    key: "a"
                    value: "1"
                  }
                  labels {
                    key: "b"
                    value: "2"
                  }
                }
                data {
                  key: "greeting"
                  value: "hello"
                }
                binaryData {
                  key: "blob"
                  value: "\\000\\001\\002"
                }

                """
        )
    }

    @Test func podFieldsReachProtoc() throws {
        let pod: JSONValue = [
            "kind": "Pod", "apiVersion": "v1",
            "metadata": ["name": "web", "creationTimestamp": "2026-11-26T03:00:00Z", "resourceVersion": "42"],
            "spec": [
                "containers": [[
                    "name": "nginx", "image": "nginx:1.27",
                    "ports": [["containerPort": 80, "protocol": "TCP"]],
                    "resources": ["limits": ["cpu": "500m", "memory": "128Mi"]],
                    "livenessProbe": ["httpGet": ["path": "/", "port": "http"]],
                ]],
                "terminationGracePeriodSeconds": 30,
            ],
            "status": ["phase": "Pending"],
        ]
        let message = try ProtocDecoder.decode(try #require(ProtocDecoder.raw(ofObject: KubeProtobuf.encodeObject(pod))), as: "k8s.io.api.core.v1.Pod")
        for expected in [
            "  name: \"web\"\n", "  resourceVersion: \"42\"\n", "  creationTimestamp {\n    seconds: 1795662000\n    nanos: 0\n  }",
            "    name: \"nginx\"\n    image: \"nginx:1.27\"\n", "      containerPort: 80\n", "      protocol: \"TCP\"\n",
            "      limits {\n        key: \"cpu\"\n        value {\n          string: \"500m\"\n        }\n      }\n      limits {\n        key: \"memory\"",
            "          port {\n            type: 1\n            intVal: 0\n            strVal: \"http\"\n          }",
            "  terminationGracePeriodSeconds: 30\n", "status {\n  phase: \"Pending\"\n",
        ] {
            #expect(message.contains(expected), "\(expected)\n---\n\(message)")
        }
    }

    @Test func deploymentListAndStatus() throws {
        let list: JSONValue = [
            "kind": "DeploymentList", "apiVersion": "apps/v1", "metadata": ["resourceVersion": "9", "continue": "t"],
            "items": [[
                "metadata": ["name": "d"],
                "spec": [
                    "replicas": 2, "selector": ["matchLabels": ["app": "d"]],
                    "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": 1]],
                    "template": ["metadata": ["labels": ["app": "d"]], "spec": ["containers": [["name": "c", "image": "i"]]]],
                ],
            ]],
        ]
        let decodedList = try ProtocDecoder.decode(try #require(ProtocDecoder.raw(ofObject: KubeProtobuf.encodeObject(list))), as: "k8s.io.api.apps.v1.DeploymentList")
        #expect(decodedList.hasPrefix("metadata {\n  selfLink: \"\"\n  resourceVersion: \"9\"\n  continue: \"t\"\n}\nitems {\n"))
        #expect(decodedList.contains("    replicas: 2\n"))
        #expect(decodedList.contains("maxUnavailable {\n          type: 0\n          intVal: 1\n          strVal: \"\"\n        }"))
        #expect(decodedList.contains("maxSurge {\n          type: 1\n          intVal: 0\n          strVal: \"25%\"\n        }"))

        let status = StatusError.notFound(GroupVersionResource(group: "", version: "v1", resource: "pods"), name: "x").status
        let decodedStatus = try ProtocDecoder.decode(
            try #require(ProtocDecoder.raw(ofObject: KubeProtobuf.encodeObject(status))), as: "k8s.io.apimachinery.pkg.apis.meta.v1.Status"
        )
        #expect(
            decodedStatus == """
                metadata {
                  selfLink: ""
                  resourceVersion: ""
                  continue: ""
                }
                status: "Failure"
                message: "pods \\"x\\" not found"
                reason: "NotFound"
                details {
                  name: "x"
                  group: ""
                  kind: "pods"
                  retryAfterSeconds: 0
                  uid: ""
                }
                code: 404

                """
        )
    }

    @Test func watchFrameHoldsAWatchEvent() throws {
        let object: JSONValue = ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["name": "w"]]
        let frame = try KubeProtobuf.encodeWatchEvent(type: "ADDED", object: object)
        let event = try ProtocDecoder.decode(Array(frame.dropFirst(4)), as: "k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent")
        #expect(event.hasPrefix("type: \"ADDED\"\nobject {\n  raw: \"k8s\\000\\n"))
    }
}
