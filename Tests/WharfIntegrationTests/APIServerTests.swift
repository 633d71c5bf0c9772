import Foundation
import Testing
import WharfTestSupport

/// `wharf apiserver` on a real etcd 3.4 and on `wharf brain` (both over gRPC), checked with raw
/// HTTP for status codes and `Status` bodies, and with kubectl.
@Suite(.serialized) struct APIServerTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case etcd, brain
        var testDescription: String { self.rawValue }
    }

    func withAPIServer(
        _ backend: Backend, tls: Bool = false, _ body: (APIServerProcess, Etcdctl) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-apiserver")
        defer { directory.remove() }
        let endpoint: String
        let stopStore: () async -> Void
        switch backend {
        case .etcd:
            let etcd = try await EtcdProcess.start(in: directory.url)
            endpoint = etcd.endpoint
            stopStore = { await etcd.stop() }
        case .brain:
            let brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
            endpoint = brain.endpoint
            stopStore = { await brain.stop() }
        }
        do {
            let server = try await APIServerProcess.start(
                etcdEndpoint: endpoint, directory: directory.path("apiserver"), tls: tls,
                extraArguments: ["--storage-object-count-interval", "1"]
            )
            do {
                try await body(server, Etcdctl(endpoint: endpoint))
            } catch {
                await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
        } catch {
            await stopStore()
            throw error
        }
        await stopStore()
    }

    func json(_ result: CommandResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(result.stdout) \(result.stderr)")
    }

    /// Splits curl output written with `-w '\n%{http_code}'` into body and status.
    func response(_ result: CommandResult) -> (body: String, code: Int) {
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.dropLast().joined(separator: "\n"), Int(lines.last ?? "") ?? 0)
    }

    @Test(arguments: Backend.allCases) func statusCodesAndStatusBodies(backend: Backend) async throws {
        try await withAPIServer(backend) { server, etcdctl in
            let code = ["-w", "\n%{http_code}"]
            let anonymous = response(try await server.curl(["\(server.url)/api/v1/namespaces"] + code, anonymous: true))
            #expect(anonymous.code == 401)
            #expect(anonymous.body.contains(#""reason":"Unauthorized""#))
            #expect(response(try await server.curl(["\(server.url)/healthz"] + code, anonymous: true)) == ("ok", 200))
            #expect(response(try await server.curl(["\(server.url)/version"] + code, anonymous: true)).body.contains(#""gitVersion":"v1.33.0""#))
            let badToken = try await CommandResult.runDetached("/usr/bin/curl", ["-sS", "-H", "Authorization: Bearer nope", "\(server.url)/api"] + code)
            #expect(response(badToken).code == 401)

            let missing = response(try await server.curl(["\(server.url)/api/v1/namespaces/default/configmaps/missing"] + code))
            #expect(missing.code == 404)
            let status = try #require(try JSONSerialization.jsonObject(with: Data(missing.body.utf8)) as? [String: Any])
            #expect(status["kind"] as? String == "Status" && status["reason"] as? String == "NotFound")
            #expect(status["message"] as? String == "configmaps \"missing\" not found")
            #expect((status["details"] as? [String: Any])?["kind"] as? String == "configmaps")

            let post = ["-X", "POST", "-H", "Content-Type: application/json", "\(server.url)/api/v1/namespaces/default/configmaps"]
            let malformed = response(try await server.curl(post + ["--data-binary", "{\"kind\": nope}"] + code))
            #expect(malformed.code == 400)
            #expect(malformed.body.contains("invalid character 'o' in literal null (expecting 'u')"))
            let wrongKind = response(try await server.curl(post + ["--data-binary", #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}"#] + code))
            #expect(wrongKind.code == 400)
            #expect(wrongKind.body.contains("does not match the expected kind (ConfigMap)"))
            let huge = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" + String(repeating: "a", count: 4 << 20) + "\"}}"
            let tooLarge = response(try await server.curl(post + ["--data-binary", "@-"] + code, input: huge))
            #expect(tooLarge.code == 413)
            #expect(tooLarge.body.contains("RequestEntityTooLarge"))

            // Values of the wrong type are a decoding error (400); objects that decode but break
            // the kind's rules are Invalid (422) with every cause listed.
            let deployments = ["-X", "POST", "-H", "Content-Type: application/json", "\(server.url)/apis/apps/v1/namespaces/default/deployments"]
            let wrongType = response(try await server.curl(deployments + ["--data-binary", #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":"three"}}"#] + code))
            #expect(wrongType.code == 400)
            #expect(wrongType.body.contains("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"))
            let template = #""template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web"}]}}"#
            let invalid = response(try await server.curl(deployments + ["--data-binary", #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{\#(template)}}"#] + code))
            #expect(invalid.code == 422)
            let invalidStatus = try #require(try JSONSerialization.jsonObject(with: Data(invalid.body.utf8)) as? [String: Any])
            #expect(invalidStatus["message"] as? String == #"Deployment.apps "d" is invalid: [spec.selector: Required value, spec.template.spec.containers[0].image: Required value]"#)
            let causes = (invalidStatus["details"] as? [String: Any])?["causes"] as? [[String: Any]] ?? []
            #expect(causes.map { $0["field"] as? String } == ["spec.selector", "spec.template.spec.containers[0].image"])

            // YAML bodies are read like JSON ones.
            let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  port: \"80\"\n"
            let fromYAML = response(try await server.curl(["-X", "POST", "-H", "Content-Type: application/yaml", "\(server.url)/api/v1/namespaces/default/configmaps", "--data-binary", yaml] + code))
            #expect(fromYAML.code == 201)
            #expect(fromYAML.body.contains(#""data":{"port":"80"}"#))

            // The server keeps serving after all that, and stores objects under Kubernetes' key layout.
            let created = response(try await server.curl(post + ["--data-binary", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kept"},"data":{"a":"1"}}"#] + code))
            #expect(created.code == 201)
            let stored = try etcdctl.run("get", "/registry/configmaps/default/kept", "--print-value-only").stdout
            #expect(stored.contains(#""name":"kept""#) && stored.contains(#""data":{"a":"1"}"#) && !stored.contains("resourceVersion"))
        }
    }

    @Test(arguments: Backend.allCases) func listPagingAndWatch(backend: Backend) async throws {
        try await withAPIServer(backend) { server, etcdctl in
            let base = "\(server.url)/api/v1/namespaces/default/configmaps"
            // A first watch starts the resource's watch cache, so the watch below is served from it
            // (the one from a compacted revision at the end goes to the store).
            _ = try await server.curl(["\(base)?watch=true&timeoutSeconds=1"])
            for index in 1...5 {
                let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-\#(index)","labels":{"even":"\#(index % 2 == 0)"}}}"#
                _ = try await server.curl(["-X", "POST", "-H", "Content-Type: application/json", base, "--data-binary", body])
            }
            var names: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let page = try json(try await server.curl(["\(base)?limit=2&continue=\(token)"]))
                let items = try #require(page["items"] as? [[String: Any]])
                names += items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
                let metadata = try #require(page["metadata"] as? [String: Any])
                token = metadata["continue"] as? String ?? ""
                if !token.isEmpty { #expect(metadata["remainingItemCount"] as? Int == 5 - names.count) }
                pages += 1
            } while !token.isEmpty && pages < 10
            #expect(names == ["cm-1", "cm-2", "cm-3", "cm-4", "cm-5"])
            #expect(pages == 3)
            let selected = try json(try await server.curl(["\(base)?labelSelector=even%3Dtrue"]))
            #expect((selected["items"] as? [[String: Any]])?.count == 2)

            // A watch from the list's revision sees the changes that follow, in order.
            let listed = try json(try await server.curl([base]))
            let revision = try #require((listed["metadata"] as? [String: Any])?["resourceVersion"] as? String)
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString).log")
            let watcher = try ManagedProcess(
                executable: URL(fileURLWithPath: "/usr/bin/curl"),
                arguments: ["-sSN", "-H", "Authorization: Bearer \(server.token)", "\(base)?watch=true&resourceVersion=\(revision)&timeoutSeconds=3"],
                logFile: log
            )
            try await Task.sleep(for: .milliseconds(300))
            _ = try await server.curl(["-X", "POST", "-H", "Content-Type: application/json", base, "--data-binary", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late"}}"#])
            _ = try await server.curl(["-X", "PATCH", "-H", "Content-Type: application/merge-patch+json", "\(base)/late", "--data-binary", #"{"data":{"k":"v"}}"#])
            _ = try await server.curl(["-X", "DELETE", "\(base)/late"])
            #expect(await watcher.stop(signal: 0, grace: .seconds(10)) == 0)
            let events = watcher.output.split(separator: "\n").compactMap { line -> String? in
                guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let object = event["object"] as? [String: Any], let metadata = object["metadata"] as? [String: Any]
                else { return nil }
                return "\(event["type"] ?? "") \(metadata["name"] ?? "")"
            }
            #expect(events == ["ADDED late", "MODIFIED late", "DELETED late"])
            // kube-apiserver's metric names, on the API port.
            let metrics = try await server.curl(["\(server.url)/metrics"]).stdout
            for name in ["apiserver_request_total{", "apiserver_request_duration_seconds_bucket{", "etcd_request_duration_seconds_bucket{", "apiserver_watch_events_total{"] {
                #expect(metrics.contains(name), "missing \(name)")
            }
            // apiserver_storage_objects follows the store within its (here one-second) interval.
            let stored = try #require((try json(try await server.curl(["\(server.url)/api/v1/configmaps"]))["items"] as? [Any])?.count)
            var counted: Double?
            for _ in 0..<50 where counted != Double(stored) {
                try await Task.sleep(for: .milliseconds(100))
                let lines = try await server.curl(["\(server.url)/metrics"]).stdout.split(separator: "\n")
                counted = lines.first { $0.hasPrefix(#"apiserver_storage_objects{resource="configmaps"}"#) }
                    .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
            }
            #expect(stored > 0 && counted == Double(stored))
            try? FileManager.default.removeItem(at: log)

            // A watch from a compacted revision ends with an ERROR event carrying 410 Expired.
            let current = try json(try await server.curl([base]))
            let now = try #require(Int((current["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""))
            #expect(try etcdctl.run("compact", String(now)).status == 0)
            let expired = try await server.curl(["\(base)?watch=true&resourceVersion=2&timeoutSeconds=2"])
            #expect(expired.stdout.contains(#""type":"ERROR""#))
            #expect(expired.stdout.contains(#""code":410"#))
        }
    }

    @Test(arguments: Backend.allCases) func kubectlOnTheStore(backend: Backend) async throws {
        try await withAPIServer(backend, tls: true) { server, _ in
            for minor in [27, 33] {
                let kubectl = Kubectl(minor: minor, kubeconfig: server.kubeconfig)
                let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-\(minor)}\ndata: {k: v}\n"
                let applied = try await kubectl.run(["apply", "-f", "-"], input: manifest)
                #expect(applied.stdout == "configmap/from-\(minor) created\n", "\(applied.stderr)")
                #expect(try await kubectl.run("get", "cm", "from-\(minor)", "-o", "jsonpath={.data.k}").stdout == "v")
                let strict = try await kubectl.run(["apply", "-f", "-"], input: manifest + "spec: {}\n")
                #expect(strict.status == 1)
                #expect(strict.stderr.contains("strict decoding error: unknown field \"spec\""))
                #expect(try await kubectl.run("delete", "cm", "from-\(minor)").stdout == "configmap \"from-\(minor)\" deleted\n")
            }
        }
    }

    /// Events (core `v1` and `events.k8s.io/v1`) and HPAs (`autoscaling/v2` and `autoscaling/v1`)
    /// share one storage location each, as in kube-apiserver: written through either version,
    /// stored in one, read through both.
    @Test func versionsSharingStorage() async throws {
        try await withAPIServer(.etcd, tls: true) { server, etcdctl in
            let core = "\(server.url)/api/v1/namespaces/default/events"
            let events = "\(server.url)/apis/events.k8s.io/v1/namespaces/default/events"
            func send(_ method: String, _ url: String, _ body: String, type: String = "application/json") async throws -> [String: Any] {
                try json(try await server.curl(["-X", method, "-H", "Content-Type: \(type)", url, "--data-binary", body]))
            }
            func items(_ list: [String: Any]) -> [[String: Any]] { list["items"] as? [[String: Any]] ?? [] }

            // Watchers of both versions, from before the writes.
            let start = try #require((try json(try await server.curl([core]))["metadata"] as? [String: Any])?["resourceVersion"] as? String)
            async let coreWatch = server.curl(["-N", "\(core)?watch=true&resourceVersion=\(start)&timeoutSeconds=2"])
            async let eventsWatch = server.curl(["-N", "\(events)?watch=true&resourceVersion=\(start)&timeoutSeconds=2"])
            try await Task.sleep(for: .milliseconds(300))

            // A core event reads as events.k8s.io/v1 with Kubernetes' field mapping.
            _ = try await send("POST", core, #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1"},"involvedObject":{"kind":"Pod","namespace":"default","name":"web"},"reason":"Started","message":"Started container","source":{"component":"kubelet","host":"node-1"},"count":2,"firstTimestamp":"2025-01-01T00:00:00Z","lastTimestamp":"2025-01-01T00:01:00Z","type":"Normal"}"#)
            let asEvents = try json(try await server.curl(["\(events)/web.1"]))
            #expect(asEvents["apiVersion"] as? String == "events.k8s.io/v1" && asEvents["note"] as? String == "Started container")
            #expect((asEvents["regarding"] as? [String: Any])?["name"] as? String == "web" && asEvents["deprecatedCount"] as? Int == 2)
            #expect((asEvents["deprecatedSource"] as? [String: Any])?["component"] as? String == "kubelet")

            // An events.k8s.io/v1 event is stored in the core shape and reads as core v1.
            let created = try await send("POST", events, #"{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.2"},"eventTime":"2025-01-01T00:02:00.000000Z","action":"Pulling","reason":"Pulling","regarding":{"kind":"Pod","namespace":"default","name":"web"},"note":"Pulling image","type":"Normal","reportingController":"kubelet","reportingInstance":"node-1"}"#)
            #expect(created["apiVersion"] as? String == "events.k8s.io/v1" && created["note"] as? String == "Pulling image")
            let asCore = try json(try await server.curl(["\(core)/web.2"]))
            #expect(asCore["message"] as? String == "Pulling image" && asCore["reportingComponent"] as? String == "kubelet")
            #expect((asCore["involvedObject"] as? [String: Any])?["name"] as? String == "web")
            let stored = try etcdctl.run("get", "/registry/events/default/web.2", "--print-value-only").stdout
            #expect(stored.contains(#""apiVersion":"v1""#) && stored.contains(#""message":"Pulling image""#))

            // An event Wharf stored in the events.k8s.io shape before conversions existed reads correctly.
            let legacy = #"{"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"old","namespace":"default","uid":"u-old","creationTimestamp":"2025-01-01T00:00:00Z"},"eventTime":"2025-01-01T00:00:00.000000Z","reason":"Old","regarding":{"kind":"Pod","namespace":"default","name":"web"},"note":"stored long ago"}"#
            #expect(try etcdctl.run(["put", "/registry/events/default/old"], input: legacy).status == 0)

            // Field selectors take core names in both versions, as kube-apiserver's do.
            let aboutWeb = items(try json(try await server.curl(["\(core)?fieldSelector=involvedObject.name%3Dweb"])))
            #expect(aboutWeb.map { $0["message"] as? String } == ["stored long ago", "Started container", "Pulling image"])
            #expect(aboutWeb.allSatisfy { $0["apiVersion"] as? String == "v1" })
            let started = items(try json(try await server.curl(["\(events)?fieldSelector=reason%3DStarted"])))
            #expect(started.map { $0["note"] as? String } == ["Started container"])
            #expect(items(try json(try await server.curl([events]))).allSatisfy { $0["apiVersion"] as? String == "events.k8s.io/v1" && $0["note"] != nil })

            // A patch applies to the requested version's shape.
            _ = try await send("PATCH", "\(events)/web.1", #"{"note":"patched"}"#, type: "application/merge-patch+json")
            #expect(try json(try await server.curl(["\(core)/web.1"]))["message"] as? String == "patched")

            // Each watcher saw every change in its own version.
            func lines(_ result: CommandResult) -> [[String: Any]] {
                result.stdout.split(separator: "\n").compactMap { line in
                    (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["object"] as? [String: Any]
                }
            }
            let coreLines = lines(try await coreWatch)
            let eventsLines = lines(try await eventsWatch)
            #expect(coreLines.compactMap { $0["message"] as? String } == ["Started container", "Pulling image", "stored long ago", "patched"])
            #expect(eventsLines.compactMap { $0["note"] as? String } == ["Started container", "Pulling image", "stored long ago", "patched"])

            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            let table = try await kubectl.run("get", "events.v1.events.k8s.io")
            #expect(table.stdout.contains("Started") && table.stdout.contains("pod/web") && table.stdout.contains("patched"), "\(table.stderr)")

            // An autoscaling/v2 HPA reads as autoscaling/v1: the CPU target in its field, the rest in annotations.
            let hpas = "/namespaces/default/horizontalpodautoscalers"
            let v1 = "\(server.url)/apis/autoscaling/v1\(hpas)"
            let v2 = "\(server.url)/apis/autoscaling/v2\(hpas)"
            _ = try await send("POST", v2, #"{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}}"#)
            let webV1 = try json(try await server.curl(["\(v1)/web"]))
            #expect((webV1["spec"] as? [String: Any])?["targetCPUUtilizationPercentage"] as? Int == 50)
            let annotations = (webV1["metadata"] as? [String: Any])?["annotations"] as? [String: String] ?? [:]
            #expect(annotations["autoscaling.alpha.kubernetes.io/metrics"] == #"[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}}]"#)
            // A JSON patch through v1 edits the v1 field; the v2-only metric survives in the annotation.
            _ = try await send("PATCH", "\(v1)/web", #"[{"op":"replace","path":"/spec/targetCPUUtilizationPercentage","value":60}]"#, type: "application/json-patch+json")
            let webV2 = try json(try await server.curl(["\(v2)/web"]))
            let metrics = (webV2["spec"] as? [String: Any])?["metrics"] as? [[String: Any]] ?? []
            #expect(metrics.compactMap { ($0["resource"] as? [String: Any])?["name"] as? String } == ["memory", "cpu"])
            #expect(((metrics.last?["resource"] as? [String: Any])?["target"] as? [String: Any])?["averageUtilization"] as? Int == 60)
            #expect((webV2["metadata"] as? [String: Any])?["annotations"] == nil)

            // An autoscaling/v1 HPA is stored as autoscaling/v2.
            _ = try await send("POST", v1, #"{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"api"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"api"},"maxReplicas":3,"targetCPUUtilizationPercentage":70}}"#)
            let apiStored = try etcdctl.run("get", "/registry/horizontalpodautoscalers/default/api", "--print-value-only").stdout
            #expect(apiStored.contains(#""apiVersion":"autoscaling/v2""#) && apiStored.contains(#""averageUtilization":70"#))
            let listed = items(try json(try await server.curl([v2])))
            #expect(listed.map { $0["apiVersion"] as? String } == ["autoscaling/v2", "autoscaling/v2"])
            let hpaTable = try await kubectl.run("get", "hpa")
            #expect(hpaTable.stdout.split(separator: "\n").map { $0.split(separator: " ").first ?? "" } == ["NAME", "api", "web"], "\(hpaTable.stdout)\(hpaTable.stderr)")
            let target = try await kubectl.run("get", "horizontalpodautoscalers.v1.autoscaling", "api", "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}")
            #expect(target.stdout == "70", "\(target.stderr)")
        }
    }

    /// The API server outlives a restart of its store: calls fail with 503 while it is down and
    /// work again once it is back, on the same or another listed endpoint.
    @Test func survivesAStoreRestart() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-apiserver-restart")
        defer { directory.remove() }
        var brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
        let unreachable = try FreePort.next()
        let server = try await APIServerProcess.start(
            etcdEndpoint: "http://127.0.0.1:\(unreachable),\(brain.endpoint)", directory: directory.path("apiserver")
        )
        let base = "\(server.url)/api/v1/namespaces/default/configmaps"
        let code = ["-o", "/dev/null", "-w", "%{http_code}"]
        let created = try await server.curl(["-X", "POST", "-H", "Content-Type: application/json", base, "--data-binary", #"{"kind":"ConfigMap","metadata":{"name":"durable"}}"#] + code)
        #expect(created.stdout == "201")

        #expect(await brain.stop() == 0)
        #expect(try await server.curl(["\(base)/durable"] + code).stdout == "503")

        brain = try await BrainProcess.start(dataDirectory: directory.path("brain"), clientPort: brain.clientPort)
        var status = ""
        for _ in 0..<50 where status != "200" {
            status = try await server.curl(["\(base)/durable"] + code).stdout
            if status != "200" { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(status == "200")
        #expect(await server.stop() == 0)
        await brain.stop()
    }
}
