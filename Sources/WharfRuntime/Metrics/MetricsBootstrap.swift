import Metrics
public import Prometheus

/// Installs swift-prometheus as the process-wide swift-metrics backend. Only the `wharf` command calls
/// ``bootstrap(registry:)``, once, at startup.
///
/// The returned `PrometheusCollectorRegistry` is what ``ObservabilityServer`` serves on `/metrics`.
/// Libraries record through swift-metrics (`Counter`, `Timer`, `Recorder`) and never bootstrap; tests
/// create a fresh registry and a factory from ``makeFactory(registry:)`` instead.
///
/// The factory maps:
/// - `Counter` and `FloatingPointCounter` to Prometheus counters;
/// - `Timer` to a histogram in seconds with ``HistogramBuckets/durations``;
/// - aggregating `Recorder` to a histogram with ``HistogramBuckets/seconds`` (record durations in
///   seconds); non-aggregating `Recorder` and `Meter` to gauges.
///
/// Metric and label names are sanitized to Prometheus' alphabet: any character outside
/// `[a-zA-Z0-9_:]` (labels: `[a-zA-Z0-9_]`) becomes `_`, so `wharf.http.requests` is exported as
/// `wharf_http_requests`.
///
/// ```swift
/// let registry = MetricsBootstrap.bootstrap()
/// let server = ObservabilityServer(configuration: .init(port: 2381), registry: registry, healthChecks: checks, logger: logger)
/// ```
public enum MetricsBootstrap {
    /// Bootstraps swift-metrics with a ``makeFactory(registry:)`` factory over `registry`.
    ///
    /// swift-metrics allows one bootstrap per process; a second call traps.
    ///
    /// - Parameter registry: The registry to collect into. Defaults to a new one.
    /// - Returns: `registry`, for the `/metrics` endpoint.
    @discardableResult
    public static func bootstrap(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) -> PrometheusCollectorRegistry {
        MetricsSystem.bootstrap(Self.makeFactory(registry: registry))
        return registry
    }

    /// Creates the factory ``bootstrap(registry:)`` installs, without installing it.
    ///
    /// - Parameter registry: The registry metrics are created in.
    /// - Returns: A factory with Wharf's buckets and name sanitizer.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = HistogramBuckets.durations
        factory.defaultValueHistogramBuckets = HistogramBuckets.seconds
        factory.nameAndLabelSanitizer = PrometheusNameSanitizer.sanitize
        return factory
    }
}
