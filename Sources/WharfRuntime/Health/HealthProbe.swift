/// Which question a health check answers, in Kubernetes' terms.
public enum HealthProbe: String, Sendable, Hashable, CaseIterable {
    /// "Is the process working at all?" Served on `/livez`. A failure means the process should be
    /// restarted, so register here only checks that a restart would fix (a wedged event loop), never
    /// dependencies (a down database).
    case liveness
    /// "Should traffic be sent here?" Served on `/readyz`, `/healthz` and etcd's `/health`. A failure
    /// takes the process out of load balancing until it passes again.
    case readiness
}
