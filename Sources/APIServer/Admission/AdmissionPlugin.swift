/// An admission plugin named as kube-apiserver names it (`--enable-admission-plugins`).
///
/// Every plugin kube-apiserver 1.33 registers is a name here, so a flag written for
/// kube-apiserver is accepted; only some of them are steps in Wharf (see ``AdmissionControl``),
/// the others are accepted and do nothing.
public struct AdmissionPlugin: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { self.rawValue }

    public static func < (lhs: AdmissionPlugin, rhs: AdmissionPlugin) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Refuses writes into missing or terminating namespaces and deletes of the immortal ones.
    public static let namespaceLifecycle = AdmissionPlugin(rawValue: "NamespaceLifecycle")
    /// Defaults and bounds container resources from LimitRanges.
    public static let limitRanger = AdmissionPlugin(rawValue: "LimitRanger")
    /// Gives pods a service account and mounts its token.
    public static let serviceAccount = AdmissionPlugin(rawValue: "ServiceAccount")
    /// Calls mutating admission webhooks.
    public static let mutatingAdmissionWebhook = AdmissionPlugin(rawValue: "MutatingAdmissionWebhook")
    /// Evaluates ValidatingAdmissionPolicies.
    public static let validatingAdmissionPolicy = AdmissionPlugin(rawValue: "ValidatingAdmissionPolicy")
    /// Calls validating admission webhooks.
    public static let validatingAdmissionWebhook = AdmissionPlugin(rawValue: "ValidatingAdmissionWebhook")
    /// Enforces ResourceQuotas.
    public static let resourceQuota = AdmissionPlugin(rawValue: "ResourceQuota")

    /// Every plugin kube-apiserver 1.33 registers, in its execution order.
    public static let registered: [AdmissionPlugin] = [
        "AlwaysAdmit", "NamespaceAutoProvision", "NamespaceLifecycle", "NamespaceExists", "LimitPodHardAntiAffinityTopology",
        "LimitRanger", "ServiceAccount", "NodeRestriction", "TaintNodesByCondition", "AlwaysPullImages", "ImagePolicyWebhook",
        "PodSecurity", "PodNodeSelector", "Priority", "DefaultTolerationSeconds", "PodTolerationRestriction", "EventRateLimit",
        "ExtendedResourceToleration", "DefaultStorageClass", "StorageObjectInUseProtection", "OwnerReferencesPermissionEnforcement",
        "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval", "CertificateSigning", "ClusterTrustBundleAttest",
        "CertificateSubjectRestriction", "DefaultIngressClass", "DenyServiceExternalIPs", "PodTopologyLabels",
        "MutatingAdmissionPolicy", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook",
        "ResourceQuota", "AlwaysDeny",
    ].map { AdmissionPlugin(rawValue: $0) }

    /// The plugins kube-apiserver 1.33 enables without `--enable-admission-plugins`.
    public static let enabledByDefault: Set<AdmissionPlugin> = Set([
        "NamespaceLifecycle", "LimitRanger", "ServiceAccount", "TaintNodesByCondition", "PodSecurity", "Priority",
        "DefaultTolerationSeconds", "DefaultStorageClass", "StorageObjectInUseProtection", "PersistentVolumeClaimResize",
        "RuntimeClass", "CertificateApproval", "CertificateSigning", "ClusterTrustBundleAttest", "CertificateSubjectRestriction",
        "DefaultIngressClass", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook", "ResourceQuota",
    ].map { AdmissionPlugin(rawValue: $0) })

    /// The plugin called `name`, when kube-apiserver registers one by that name (names are case-sensitive).
    init?(named name: String) {
        let plugin = AdmissionPlugin(rawValue: name)
        guard Self.registered.contains(plugin) else { return nil }
        self = plugin
    }
}
