import CoreMetrics
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing
import WharfRuntime

@Suite(.timeLimit(.minutes(1)))
struct ObservabilityServerTests {
    @Test func metricsServesTheRegistryInPrometheusTextFormat() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.makeFactory(registry: registry)
        factory.makeCounter(label: "wharf.test.requests", dimensions: [("code", "200")]).increment(by: 3)

        try await RunningServer.with(registry: registry) { server in
            let response = try await server.client.request("/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.body.contains("# TYPE wharf_test_requests counter\n"))
            #expect(response.body.contains("wharf_test_requests{code=\"200\"} 3\n"))
        }
    }

    @Test func readinessTogglesBetween200And503() async throws {
        let checks = HealthChecks()
        let storage = checks.registerFlag("storage", isHealthy: true)
        checks.register("ping", probes: [.liveness, .readiness]) { true }

        try await RunningServer.with(healthChecks: checks) { server in
            for path in ["/readyz", "/healthz", "/livez"] {
                let response = try await server.client.request(path)
                #expect(response.status == 200, "\(path)")
                #expect(response.body == "ok", "\(path)")
            }
            #expect(try await server.client.request("/health").body == #"{"health":"true","reason":""}"#)

            storage.isHealthy = false

            let readyz = try await server.client.request("/readyz")
            #expect(readyz.status == 503)
            #expect(readyz.body == "[-]storage failed: reason withheld\n[+]ping ok\nreadyz check failed\n")
            let healthz = try await server.client.request("/healthz?verbose")
            #expect(healthz.status == 503)
            #expect(healthz.body.hasSuffix("healthz check failed\n"))
            let livez = try await server.client.request("/livez?verbose")
            #expect(livez.status == 200)
            #expect(livez.body == "[+]ping ok\nlivez check passed\n")
            let etcd = try await server.client.request("/health")
            #expect(etcd.status == 503)
            #expect(etcd.headers["content-type"] == "application/json")
            #expect(etcd.body == #"{"health":"false","reason":"failed checks: storage"}"#)
            #expect(try await server.client.request("/readyz/storage").status == 503)
            #expect(try await server.client.request("/readyz?exclude=storage").status == 200)

            storage.isHealthy = true
            #expect(try await server.client.request("/readyz").status == 200)
        }
    }

    @Test func unknownPathsAre404AndOtherMethods405() async throws {
        try await RunningServer.with { server in
            #expect(try await server.client.request("/nope").status == 404)
            #expect(try await server.client.request("/readyz/no-such-check").status == 404)
            let post = try await server.client.request("/metrics", method: "POST")
            #expect(post.status == 405)
            #expect(post.headers["allow"] == "GET, HEAD")
            let head = try await server.client.exchange("HEAD /livez HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(head.contains("Content-Length: 2\r\n"))
            #expect(head.hasSuffix("\r\n\r\n"))
        }
    }

    @Test func garbageGets400AndTheServerKeepsServing() async throws {
        try await RunningServer.with { server in
            let raw = try await server.client.exchange("\u{01}\u{02}GARBAGE \\ nonsense\r\n\r\n")
            #expect(raw.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))

            let badVersion = try await server.client.exchange("GET /metrics HTTP/9.9.9\r\n\r\n")
            #expect(badVersion.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))

            #expect(try await server.client.request("/livez").status == 200)
        }
    }

    @Test func keepAliveServesPipelinedRequestsOnOneConnection() async throws {
        try await RunningServer.with { server in
            let raw = try await server.client.exchange(
                "GET /livez HTTP/1.1\r\nHost: t\r\n\r\nGET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            )
            let responses = HTTPTestResponse.parseAll(raw)
            #expect(responses.map(\.status) == [200, 404])
            #expect(responses.last?.headers["connection"] == "close")
        }
    }

    @Test func gracefulShutdownClosesIdleKeepAliveConnections() async throws {
        try await RunningServer.with { server in
            try await server.client.withConnection { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                var buffer = ""
                try await outbound.write(ByteBuffer(string: "GET /livez HTTP/1.1\r\nHost: t\r\n\r\n"))
                let response = try await HTTPTestClient.readResponse(from: &iterator, buffer: &buffer)
                #expect(response.status == 200)

                // The connection is now idle and kept alive; shutdown must close it rather than wait.
                await server.group.triggerGracefulShutdown()
                #expect(try await iterator.next() == nil)
            }
        }
    }

    @Test func gracefulShutdownFinishesTheResponseInFlight() async throws {
        let checks = HealthChecks()
        let (checkStarted, started) = AsyncStream.makeStream(of: Void.self)
        checks.register("slow") {
            started.yield()
            try? await Task.sleep(for: .milliseconds(300))
            return true
        }
        try await RunningServer.with(healthChecks: checks) { server in
            try await server.client.withConnection { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                var buffer = ""
                try await outbound.write(ByteBuffer(string: "GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n"))
                var startedIterator = checkStarted.makeAsyncIterator()
                await startedIterator.next()

                await server.group.triggerGracefulShutdown()
                let response = try await HTTPTestClient.readResponse(from: &iterator, buffer: &buffer)
                #expect(response.status == 200)
                #expect(response.body == "ok")
                #expect(try await iterator.next() == nil)
            }
        }
    }

    @Test func cancellationStopsTheServerWithConnectionsOpen() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = RunningServer.makeServer { continuation.yield($0.port ?? 0) }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await server.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await HTTPTestClient(port: port).withConnection { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "GET /livez HTTP/1.1\r\nHost: t\r\n\r\n"))
                var inboundIterator = inbound.makeAsyncIterator()
                var buffer = ""
                _ = try await HTTPTestClient.readResponse(from: &inboundIterator, buffer: &buffer)

                tasks.cancelAll()
                #expect(try await inboundIterator.next() == nil)
            }
            try? await tasks.waitForAll()
        }
        #expect(server.localAddress == nil)
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() async throws {
        let configuration = ObservabilityServerConfiguration(idleTimeout: .milliseconds(100))
        try await RunningServer.with(configuration: configuration) { server in
            let start = ContinuousClock.now
            let raw = try await server.client.withConnection { inbound, _ in
                var text = ""
                for try await chunk in inbound { text += String(buffer: chunk) }
                return text
            }
            #expect(raw.isEmpty)
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func bindingAPortInUseFailsWithBindFailed() async throws {
        try await RunningServer.with { server in
            let second = RunningServer.makeServer(configuration: ObservabilityServerConfiguration(port: server.port))
            await #expect {
                try await second.run()
            } throws: { error in
                guard case .bindFailed(let host, let port, _) = error as? ObservabilityServerError else { return false }
                return host == "127.0.0.1" && port == server.port
            }
        }
    }

    @Test func runningTwiceFails() async throws {
        try await RunningServer.with { (server: RunningServer) async throws in
            await #expect(throws: ObservabilityServerError.alreadyStarted) {
                try await server.server.run()
            }
            #expect(try await server.client.request("/livez").status == 200)
        }
    }

    @Test func localAddressIsPublishedWhileRunning() async throws {
        let (addresses, continuation) = AsyncStream.makeStream(of: SocketAddress.self)
        let observed = RunningServer.makeServer { continuation.yield($0) }
        #expect(observed.localAddress == nil)
        let group = ServiceGroup(services: [observed], logger: RunningServer.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = addresses.makeAsyncIterator()
            let address = try #require(await iterator.next())
            #expect(observed.localAddress?.port == address.port)
            #expect(address.ipAddress == "127.0.0.1")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(observed.localAddress == nil)
    }
}
