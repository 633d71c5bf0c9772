import NIOCore
public import NIOHTTP1
public import Prometheus

/// Answers the observability endpoints (the ``ObservabilityServer``'s, and the same paths on the
/// Kubernetes API server's main port); no I/O beyond running health checks and reading the registry.
///
/// | Path | Answer |
/// |---|---|
/// | `/metrics` | Prometheus text exposition 0.0.4 |
/// | `/livez`, `/readyz`, `/healthz` | Kubernetes probe text; `/healthz` is readiness |
/// | `/livez/<check>`, `/readyz/<check>`, `/healthz/<check>` | one check: `ok` or 503 |
/// | `/health` | etcd's JSON `{"health":"true","reason":""}` from readiness |
///
/// Unknown paths get 404 and known paths with a method other than `GET` or `HEAD` get 405.
public struct ObservabilityRouter: Sendable {
    /// The content type of Prometheus' text exposition format.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"
    static let textContentType = "text/plain; charset=utf-8"
    static let jsonContentType = "application/json"

    let registry: PrometheusCollectorRegistry
    let healthChecks: HealthChecks

    /// Creates a router over a metrics registry and health checks.
    public init(registry: PrometheusCollectorRegistry, healthChecks: HealthChecks) {
        self.registry = registry
        self.healthChecks = healthChecks
    }

    /// The answer to a request for `uri`; unknown paths get `404`.
    public func response(method: HTTPMethod, uri: String) async -> ObservabilityResponse {
        let target = RequestTarget(uri)
        let segments = target.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let endpoint = segments.first, segments.count <= 2 else {
            return Self.notFound
        }
        let checkName = segments.count == 2 ? String(segments.last!) : nil

        switch (endpoint, checkName) {
        case ("metrics", nil):
            guard Self.isReadMethod(method) else { return Self.methodNotAllowed }
            return self.metrics()
        case ("health", nil):
            guard Self.isReadMethod(method) else { return Self.methodNotAllowed }
            return await self.etcdHealth(target)
        case ("livez", _), ("readyz", _), ("healthz", _):
            guard checkName != "" else { return Self.notFound }
            guard Self.isReadMethod(method) else { return Self.methodNotAllowed }
            let probe: HealthProbe = endpoint == "livez" ? .liveness : .readiness
            if let checkName {
                return await self.singleCheck(checkName, probe: probe)
            }
            return await self.probe(probe, endpoint: String(endpoint), target: target)
        default:
            return Self.notFound
        }
    }

    private func metrics() -> ObservabilityResponse {
        var bytes: [UInt8] = []
        self.registry.emit(into: &bytes)
        return ObservabilityResponse(status: .ok, contentType: Self.metricsContentType, body: ByteBuffer(bytes: bytes))
    }

    private func probe(_ probe: HealthProbe, endpoint: String, target: RequestTarget) async -> ObservabilityResponse {
        let report = await self.healthChecks.evaluate(probe, excluding: Set(target.values("exclude")))
        return ObservabilityResponse(
            status: report.isHealthy ? .ok : .serviceUnavailable,
            contentType: Self.textContentType,
            headers: [("X-Content-Type-Options", "nosniff")],
            text: report.kubernetesBody(endpoint: endpoint, verbose: target.contains("verbose"))
        )
    }

    private func singleCheck(_ name: String, probe: HealthProbe) async -> ObservabilityResponse {
        guard let passed = await self.healthChecks.evaluate(probe, name: name) else {
            return Self.notFound
        }
        return ObservabilityResponse(
            status: passed ? .ok : .serviceUnavailable,
            contentType: Self.textContentType,
            headers: [("X-Content-Type-Options", "nosniff")],
            text: passed ? "ok" : "internal server error: \(name) check failed\n"
        )
    }

    private func etcdHealth(_ target: RequestTarget) async -> ObservabilityResponse {
        let report = await self.healthChecks.evaluate(.readiness, excluding: Set(target.values("exclude")))
        return ObservabilityResponse(
            status: report.isHealthy ? .ok : .serviceUnavailable,
            contentType: Self.jsonContentType,
            text: report.etcdHealthJSON
        )
    }

    private static func isReadMethod(_ method: HTTPMethod) -> Bool {
        method == .GET || method == .HEAD
    }

    static let notFound = ObservabilityResponse(
        status: .notFound,
        contentType: Self.textContentType,
        headers: [("X-Content-Type-Options", "nosniff")],
        text: "404 page not found\n"
    )

    static let methodNotAllowed = ObservabilityResponse(
        status: .methodNotAllowed,
        contentType: Self.textContentType,
        headers: [("Allow", "GET, HEAD")],
        text: "405 method not allowed\n"
    )
}
