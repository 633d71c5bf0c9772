import Foundation
import Testing
import WharfTestSupport

/// `wharf apiserver` on brain answering `Accept: application/vnd.kubernetes.protobuf` in
/// protobuf, checked with curl and protoc (with kubectl 1.33's descriptors) as the decoder, and
/// kubectl 1.33 working against it.
@Suite(.serialized, .enabled(if: ProtocDecoder.isAvailable, "needs protoc and kubectl.1.33"))
struct ProtobufResponseTests {
    private static let protobuf = "application/vnd.kubernetes.protobuf"

    /// One response: status code, `Content-Type` and body bytes.
    private struct Answer {
        var code: Int
        var contentType: String
        var body: [UInt8]
    }

    private func request(
        _ server: APIServerProcess, _ path: String, accept: String, in directory: TemporaryDirectory,
        extra: [String] = []
    ) async throws -> Answer {
        let file = directory.path("body-\(UUID().uuidString)")
        let result = try await server.curl(
            ["-H", "Accept: \(accept)", "-o", file.path, "-w", "%{http_code} %{content_type}"] + extra + ["\(server.url)\(path)"]
        )
        let parts = result.stdout.split(separator: " ", maxSplits: 1)
        let body = (try? Data(contentsOf: file)).map { [UInt8]($0) } ?? []
        return Answer(code: Int(parts.first ?? "") ?? 0, contentType: parts.count > 1 ? String(parts[1]) : "", body: body)
    }

    /// protoc's text of an object response's message.
    private func decoded(_ answer: Answer, as message: String) throws -> String {
        #expect(answer.contentType == Self.protobuf)
        let raw = try #require(ProtocDecoder.raw(ofObject: answer.body), "not a protobuf object: \(answer)")
        return try ProtocDecoder.decode(raw, as: message)
    }

    @Test func builtinObjectsListsStatusesAndWatches() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-protobuf")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
        let server: APIServerProcess
        do {
            server = try await APIServerProcess.start(etcdEndpoint: brain.endpoint, directory: directory.path("apiserver"), tls: true)
        } catch {
            await brain.stop()
            throw error
        }
        do {
            try await self.check(server, directory)
        } catch {
            await server.stop()
            await brain.stop()
            throw error
        }
        #expect(await server.stop() == 0)
        await brain.stop()
    }

    private func check(_ server: APIServerProcess, _ directory: TemporaryDirectory) async throws {
        // kubectl 1.33 sends typed creates as protobuf, and reads the answers.
        let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
        let created = try await kubectl.run("create", "configmap", "demo", "--from-literal=a=1", "--from-literal=b=2", "-o", "name")
        #expect(created.status == 0 && created.stdout == "configmap/demo\n", "\(created.stderr)")
        let deployment = try await kubectl.run("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2")
        #expect(deployment.status == 0, "\(deployment.stderr)")
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"p"}},"spec":{"containers":[{"name":"c","image":"busybox","resources":{"limits":{"cpu":"250m"}}}]}}"#
        let posted = try await server.curl(
            ["-X", "POST", "-H", "Content-Type: application/json", "-H", "Accept: \(Self.protobuf)", "-o", "/dev/null",
             "-w", "%{http_code} %{content_type}", "--data-binary", pod, "\(server.url)/api/v1/namespaces/default/pods"]
        )
        #expect(posted.stdout == "201 \(Self.protobuf)")

        let configMap = try await self.request(server, "/api/v1/namespaces/default/configmaps/demo", accept: Self.protobuf, in: directory)
        #expect(configMap.code == 200)
        let configMapText = try self.decoded(configMap, as: "k8s.io.api.core.v1.ConfigMap")
        #expect(configMapText.contains("  name: \"demo\"\n  generateName: \"\"\n  namespace: \"default\"\n"), "\(configMapText)")
        #expect(configMapText.contains("data {\n  key: \"a\"\n  value: \"1\"\n}\ndata {\n  key: \"b\"\n  value: \"2\"\n}\n"))
        #expect(configMap.body.starts(with: "k8s\0\n\u{0F}\n\u{02}v1\u{12}\tConfigMap".utf8))

        let podText = try self.decoded(
            try await self.request(server, "/api/v1/namespaces/default/pods/p", accept: "\(Self.protobuf), */*", in: directory),
            as: "k8s.io.api.core.v1.Pod"
        )
        #expect(podText.contains("key: \"cpu\"\n        value {\n          string: \"250m\"\n        }"), "\(podText)")
        #expect(podText.contains("  creationTimestamp {\n    seconds: "))

        let deploymentText = try self.decoded(
            try await self.request(server, "/apis/apps/v1/namespaces/default/deployments/web", accept: Self.protobuf, in: directory),
            as: "k8s.io.api.apps.v1.Deployment"
        )
        #expect(deploymentText.contains("  replicas: 2\n"), "\(deploymentText)")
        #expect(deploymentText.contains("maxSurge {\n        type: 1\n        intVal: 0\n        strVal: \"25%\"\n      }"))

        let list = try await self.request(server, "/api/v1/namespaces/default/configmaps", accept: Self.protobuf, in: directory)
        let listText = try self.decoded(list, as: "k8s.io.api.core.v1.ConfigMapList")
        #expect(listText.contains("    name: \"demo\"\n") && listText.contains("    name: \"kube-root-ca.crt\"\n"), "\(listText)")
        #expect(list.body.starts(with: "k8s\0\n\u{13}\n\u{02}v1\u{12}\rConfigMapList".utf8))

        let missing = try await self.request(server, "/api/v1/namespaces/default/configmaps/missing", accept: Self.protobuf, in: directory)
        #expect(missing.code == 404)
        let statusText = try self.decoded(missing, as: "k8s.io.apimachinery.pkg.apis.meta.v1.Status")
        #expect(statusText.contains("status: \"Failure\"\nmessage: \"configmaps \\\"missing\\\" not found\"\nreason: \"NotFound\""))
        #expect(statusText.hasSuffix("code: 404\n"))

        // Tables and JSON-preferring clients still get JSON.
        let table = try await self.request(
            server, "/api/v1/namespaces/default/configmaps",
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io, application/json", in: directory
        )
        #expect(table.contentType == "application/json" && String(decoding: table.body, as: UTF8.self).contains(#""kind":"Table""#))
        let preferJSON = try await self.request(
            server, "/api/v1/namespaces/default/configmaps/demo", accept: "application/json, \(Self.protobuf);q=0.5", in: directory
        )
        #expect(preferJSON.contentType == "application/json")

        // A watch: length-prefixed WatchEvent frames, each holding an object in its envelope.
        let watch = try await self.request(
            server, "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Ddemo",
            accept: "\(Self.protobuf);stream=watch", in: directory, extra: ["--max-time", "10"]
        )
        #expect(watch.contentType == "\(Self.protobuf);stream=watch")
        let length = watch.body.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(length > 0 && watch.body.count == 4 + length, "one frame: \(watch.body.count) bytes")
        let event = try ProtocDecoder.decode(Array(watch.body.dropFirst(4).prefix(length)), as: "k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent")
        #expect(event.hasPrefix("type: \"ADDED\"\nobject {\n  raw: \"k8s\\000\\n\\017\\n\\002v1\\022\\tConfigMap"), "\(event)")

        // Custom resources have no protobuf form: 406 with a protobuf Status when only protobuf
        // is accepted, as kube-apiserver answers; JSON when the client also accepts JSON.
        #expect(try await kubectl.run(["create", "-f", "-"], input: CustomResourceFixtures.definition).status == 0)
        let established = try await kubectl.run("wait", "--for=condition=Established", "crd/crontabs.stable.example.com", "--timeout=5s")
        #expect(established.status == 0, "\(established.stderr)")
        let crontabs = "/apis/stable.example.com/v1/namespaces/default/crontabs"
        let refused = try await self.request(server, crontabs, accept: Self.protobuf, in: directory)
        #expect(refused.code == 406)
        let refusedText = try self.decoded(refused, as: "k8s.io.apimachinery.pkg.apis.meta.v1.Status")
        #expect(refusedText.contains("object *unstructured.UnstructuredList does not implement the protobuf marshalling interface"))
        #expect(refusedText.contains("reason: \"NotAcceptable\"") && refusedText.hasSuffix("code: 406\n"), "\(refusedText)")
        let fallback = try await self.request(server, crontabs, accept: "\(Self.protobuf), application/json", in: directory)
        #expect(fallback.code == 200 && fallback.contentType == "application/json")

        // kubectl 1.33's typed creates ask for protobuf first: Go's own decoder reads Wharf's answer.
        let verbose = try await kubectl.run("create", "configmap", "probe", "--from-literal=k=v", "-o", "json", "-v=8")
        #expect(verbose.stderr.contains("Accept: application/vnd.kubernetes.protobuf,application/json"))
        let responseHeaders = verbose.stderr.components(separatedBy: "\"Response\"").last ?? ""
        #expect(responseHeaders.contains("Content-Type: application/vnd.kubernetes.protobuf"), "\(verbose.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(verbose.stdout.utf8)) as? [String: Any])
        let metadata = try #require(printed["metadata"] as? [String: Any])
        #expect((printed["data"] as? [String: String]) == ["k": "v"] && printed["kind"] as? String == "ConfigMap")
        #expect((metadata["uid"] as? String)?.isEmpty == false && (metadata["creationTimestamp"] as? String)?.hasSuffix("Z") == true)

        // kubectl 1.33's typed reads, deletes and waits.
        #expect(try await kubectl.run("get", "configmap", "demo", "-o", "jsonpath={.data.b}").stdout == "2")
        let deleted = try await kubectl.run("delete", "configmap", "demo")
        #expect(deleted.status == 0 && deleted.stdout == "configmap \"demo\" deleted\n", "\(deleted.stderr)")
        let scaled = try await kubectl.run("scale", "deployment", "web", "--replicas=3")
        #expect(scaled.status == 0, "\(scaled.stderr)")
    }
}
