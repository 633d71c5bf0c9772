import BenchSupport
import Foundation
import KubeBench
import Testing
import WharfTestSupport

/// `wharf bench apiserver`'s load generators against a real `wharf up`, at tiny sizes: they must
/// count what really happened, or the benchmark tables lie. One test at a time: each starts a
/// server and loads it, and the whole suite shares two cores.
@Suite(.serialized) struct APIServerLoadGeneratorTests {
    @Test func everyScenarioCountsWhatTheServerDid() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-kubebench")
        defer { directory.remove() }
        let up = try await WharfUpProcess.start(dataDirectory: directory.url)
        let endpoint = try APIServerEndpoint(kubeconfig: up.kubeconfig)

        for operation in ObjectLoadBenchmark.Operation.allCases {
            var load = ObjectLoadBenchmark(endpoint: endpoint, operation: operation)
            load.clients = 3
            load.total = 15
            load.objectsPerClient = 2
            let result = try await load.run()
            #expect(result.requests == 15, "\(operation)")
            #expect(result.errors == 0, "\(operation)")
            #expect(result.latency.count == 15 && result.latency.p50 > 0 && result.latency.p50 <= result.latency.max)
            #expect(result.requestsPerSecond > 0)
        }
        // 15 created by create, 3 × 2 prepared by get, by update and by apply; each update and
        // each apply raised its object's generation (the value's leading digits) by one.
        let values = try await configMapValues(up, namespace: "wharf-bench")
        #expect(values.count == 33)
        #expect(values.map { Int($0.prefix { $0.isNumber }) ?? -1000 }.reduce(0, +) == 30)

        var list = PodListBenchmark(endpoint: endpoint)
        list.objects = 25
        list.clients = 4
        list.repeats = 2
        list.pageSize = 7
        list.serverPID = up.process.pid
        let listed = try await list.run()
        #expect(listed.created == 25 && listed.items == 25)
        #expect(listed.fullList.count == 2 && listed.pagedList.count == 2 && listed.fullList.p50 > 0)
        #expect(listed.listBytes > 25 * 1_000)
        #expect((listed.memoryAfterCreates?.residentKiB ?? 0) > 0)

        var watch = WatchDeliveryBenchmark(endpoint: endpoint)
        watch.watchers = 10
        watch.events = 10
        watch.rate = 200
        let watched = try await watch.run()
        #expect(watched.expectedEvents == 100 && watched.receivedEvents == 100)
        #expect(watched.missingEvents == 0 && watched.duplicateEvents == 0)
        #expect(watched.outOfOrderEvents == 0 && watched.unexpectedEvents == 0)
        #expect(watched.latency.count == 100 && watched.latency.p50 > 0 && watched.writeLatency.count == 10)
        #expect(watched.rate == 200 && watched.writers == 5 && watched.writesPerSecond > 0)
        await up.stop()
    }

    @Test func readyTimesAFreshWharfUp() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-kubebench-ready")
        defer { directory.remove() }
        var startup = StartupBenchmark(executable: WharfBinary.url)
        startup.runs = 1
        startup.settle = .milliseconds(200)
        startup.dataRoot = directory.url
        let result = try await startup.run()
        #expect(result.runs.count == 1)
        let run = try #require(result.runs.first)
        #expect(run.readyzMilliseconds > 0 && run.readyzMilliseconds <= run.readyMilliseconds)
        #expect((run.idleMemory?.residentKiB ?? 0) > 0)
        // The data directory went with the process.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func bearerTokenAuthenticates() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-kubebench-token")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
        let server = try await APIServerProcess.start(
            etcdEndpoint: brain.endpoint, directory: directory.path("apiserver"))
        var endpoint = try APIServerEndpoint(server: server.url)
        endpoint.bearerToken = server.token
        var load = ObjectLoadBenchmark(endpoint: endpoint, operation: .create)
        load.clients = 2
        load.total = 10
        let result = try await load.run()
        #expect(result.requests == 10 && result.errors == 0)

        endpoint.bearerToken = "not-\(server.token)"
        await #expect(throws: KubeBenchError.self) {
            try await ObjectLoadBenchmark(endpoint: endpoint, operation: .create).run()
        }
        await server.stop()
        await brain.stop()
    }

    /// The `data.value` of every ConfigMap in the namespace.
    private func configMapValues(_ up: WharfUpProcess, namespace: String) async throws -> [String] {
        // The benchmark's own ConfigMaps (not the kube-root-ca.crt the root CA publisher keeps there).
        let body = try await up.curl(["\(up.apiURL)/api/v1/namespaces/\(namespace)/configmaps?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dwharf-bench"]).stdout
        let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let items = list?["items"] as? [[String: Any]] ?? []
        return items.map { ($0["data"] as? [String: String])?["value"] ?? "" }
    }
}
