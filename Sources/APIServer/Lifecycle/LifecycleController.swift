/// A controller the API server runs in its own process, named as kube-controller-manager names it.
public enum LifecycleController: String, Sendable, CaseIterable {
    /// Deletes the dependents of deleted owners and orphans them (`ownerReferences`).
    case garbageCollector = "garbage-collector-controller"
    /// Deletes the content of terminating namespaces, then their `kubernetes` finalizer.
    case namespace = "namespace-controller"
    /// Gives every active namespace a `default` ServiceAccount.
    case serviceAccount = "serviceaccount-controller"
    /// Publishes the cluster CA as the `kube-root-ca.crt` ConfigMap in every active namespace.
    case rootCACertificatePublisher = "root-ca-certificate-publisher-controller"

    /// Keeps ResourceQuotas' `status.hard` and `status.used` (see ``ResourceQuotaController``).
    case resourceQuota = "resourcequota-controller"

    /// The name kube-controller-manager used before 1.28, still accepted (`garbagecollector`,
    /// `namespace`, `serviceaccount`, `root-ca-cert-publisher`, `resourcequota`).
    var legacyName: String {
        switch self {
        case .garbageCollector: "garbagecollector"
        case .namespace: "namespace"
        case .serviceAccount: "serviceaccount"
        case .rootCACertificatePublisher: "root-ca-cert-publisher"
        case .resourceQuota: "resourcequota"
        }
    }

    /// The controller called `name`, by its current or legacy name.
    init?(named name: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == name || $0.legacyName == name }) else { return nil }
        self = found
    }
}
