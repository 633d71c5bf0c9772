import CoreMetrics
import NIOHTTP1
import Prometheus
import Testing

@testable import WharfRuntime

@Suite struct ObservabilityRouterTests {
    let registry = PrometheusCollectorRegistry()
    let checks = HealthChecks()

    var router: ObservabilityRouter {
        ObservabilityRouter(registry: self.registry, healthChecks: self.checks)
    }

    @Test func metricsEmitsTheRegistry() async {
        MetricsBootstrap.makeFactory(registry: self.registry).makeMeter(label: "wharf_up", dimensions: []).set(Double(1))
        let response = await self.router.response(method: .GET, uri: "/metrics")
        #expect(response.status == .ok)
        #expect(response.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.bodyText == "# TYPE wharf_up gauge\nwharf_up 1.0\n")
    }

    @Test func probesAnswerLikeKubernetes() async {
        let flag = self.checks.registerFlag("etcd", isHealthy: false)
        self.checks.register("ping", probes: [.liveness, .readiness]) { true }

        let failing = await self.router.response(method: .GET, uri: "/readyz")
        #expect(failing.status == .serviceUnavailable)
        #expect(failing.bodyText == "[-]etcd failed: reason withheld\n[+]ping ok\nreadyz check failed\n")

        let excluded = await self.router.response(method: .GET, uri: "/readyz?verbose&exclude=etcd&exclude=nope")
        #expect(excluded.status == .ok)
        #expect(
            excluded.bodyText
                == "[+]etcd excluded: ok\n[+]ping ok\nwarn: some health checks cannot be excluded: no matches for \"nope\"\nreadyz check passed\n"
        )

        flag.isHealthy = true
        let passing = await self.router.response(method: .GET, uri: "/healthz")
        #expect(passing.status == .ok)
        #expect(passing.bodyText == "ok")
        #expect(passing.headers.contains { $0.0 == "X-Content-Type-Options" && $0.1 == "nosniff" })

        let single = await self.router.response(method: .GET, uri: "/livez/ping")
        #expect(single.status == .ok)
        #expect(single.bodyText == "ok")
        #expect(await self.router.response(method: .GET, uri: "/livez/etcd").status == .notFound)
    }

    @Test func etcdHealthUsesReadiness() async {
        #expect(await self.router.response(method: .GET, uri: "/health").bodyText == #"{"health":"true","reason":""}"#)
        self.checks.registerFlag("raft \"leader\"")
        let response = await self.router.response(method: .GET, uri: "/health")
        #expect(response.status == .serviceUnavailable)
        #expect(response.contentType == "application/json")
        #expect(response.bodyText == #"{"health":"false","reason":"failed checks: raft \"leader\""}"#)
        let excluded = await self.router.response(method: .GET, uri: "/health?exclude=raft%20%22leader%22")
        #expect(excluded.status == .ok)
    }

    @Test(arguments: ["/", "/metrics/extra", "/readyz/", "/readyz/a/b", "/favicon.ico", "", "/METRICS"])
    func unknownPathsAreNotFound(path: String) async {
        #expect(await self.router.response(method: .GET, uri: path).status == .notFound)
    }

    @Test(arguments: [HTTPMethod.POST, .PUT, .DELETE, .PATCH, .OPTIONS])
    func nonReadMethodsAreNotAllowed(method: HTTPMethod) async {
        for path in ["/metrics", "/livez", "/readyz", "/healthz", "/health"] {
            let response = await self.router.response(method: method, uri: path)
            #expect(response.status == .methodNotAllowed, "\(method) \(path)")
        }
    }

    @Test func headHasNoBodyButTheSameLength() async {
        let response = await self.router.response(method: .HEAD, uri: "/livez")
        let request = HTTPRequestHead(version: .http1_1, method: .HEAD, uri: "/livez")
        let parts = response.parts(for: request)
        #expect(parts.count == 2)
        guard case .head(let head) = parts.first else {
            Issue.record("expected a head")
            return
        }
        #expect(head.headers["Content-Length"] == ["2"])
    }

    @Test func requestTargetDecodesQueries() {
        let target = RequestTarget("/readyz?verbose&exclude=a%2Cb&exclude=c+d&x=")
        #expect(target.path == "/readyz")
        #expect(target.contains("verbose"))
        #expect(target.contains("x"))
        #expect(!target.contains("y"))
        #expect(target.values("exclude") == ["a,b", "c d"])
        #expect(RequestTarget("/a%ZZ").path == "/a%ZZ")
    }
}
