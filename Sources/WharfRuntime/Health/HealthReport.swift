/// The outcome of running every check registered for one ``HealthProbe``.
///
/// Produced by ``HealthChecks/evaluate(_:excluding:)``; rendered for Kubernetes probes with
/// ``kubernetesBody(endpoint:verbose:)`` and for etcd clients with ``etcdHealthJSON``.
public struct HealthReport: Sendable, Hashable {
    /// The probe the checks were run for.
    public var probe: HealthProbe
    /// One result per registered check, in registration order.
    public var results: [HealthCheckResult]
    /// Names passed to `exclude` that match no registered check.
    public var unmatchedExclusions: [String]

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - probe: The probe the checks were run for.
    ///   - results: One result per check, in registration order.
    ///   - unmatchedExclusions: Excluded names that matched no check. Defaults to none.
    public init(probe: HealthProbe, results: [HealthCheckResult], unmatchedExclusions: [String] = []) {
        self.probe = probe
        self.results = results
        self.unmatchedExclusions = unmatchedExclusions
    }

    /// Whether every check that ran passed. A probe with no checks is healthy.
    public var isHealthy: Bool {
        self.results.allSatisfy(\.passed)
    }

    /// The names of the checks that failed, in registration order.
    public var failedChecks: [String] {
        self.results.filter { !$0.passed }.map(\.name)
    }
}
