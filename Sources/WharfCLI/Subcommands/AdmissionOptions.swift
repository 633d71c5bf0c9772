import APIServer
import ArgumentParser

/// The admission plugin flags of `wharf apiserver` and `wharf up`, named as kube-apiserver names them.
struct AdmissionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Admission plugins to enable in addition to the default ones (comma-separated, kube-apiserver's names).",
            discussion: "On by default, as in kube-apiserver 1.33: NamespaceLifecycle, LimitRanger, ServiceAccount, TaintNodesByCondition, PodSecurity, Priority, DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection, PersistentVolumeClaimResize, RuntimeClass, CertificateApproval, CertificateSigning, ClusterTrustBundleAttest, CertificateSubjectRestriction, DefaultIngressClass, MutatingAdmissionWebhook, ValidatingAdmissionPolicy, ValidatingAdmissionWebhook, ResourceQuota. Every plugin kube-apiserver registers is accepted; Wharf implements NamespaceLifecycle, ServiceAccount, MutatingAdmissionWebhook and ValidatingAdmissionWebhook (see docs/apiserver.md), the others do nothing."
        )
    )
    var enableAdmissionPlugins = ""

    @Option(help: "Admission plugins to disable although they are on by default (comma-separated, kube-apiserver's names).")
    var disableAdmissionPlugins = ""

    /// The selection the flags name.
    func selection() throws -> AdmissionPluginSelection {
        do {
            return try AdmissionPluginSelection(enable: self.enableAdmissionPlugins, disable: self.disableAdmissionPlugins)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
