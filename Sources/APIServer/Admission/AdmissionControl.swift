import KubeModel
public import Logging
public import ServiceLifecycle

/// Admission control: the steps every write passes between decoding and storage, in
/// kube-apiserver's order (mutating steps one after another, then validating ones), and the
/// services they need to follow their configurations.
///
/// Only the plugins of the selection (`--enable-admission-plugins`, `--disable-admission-plugins`)
/// have steps. NamespaceLifecycle is not a step here: the write path checks it first, before the
/// object is complete (see `ResourceHandler.admitCreate`), when ``plugins`` holds it.
public final class AdmissionControl: Service, Sendable {
    /// The plugins that run.
    let plugins: AdmissionPluginSelection
    private let mutating: [any MutatingAdmission]
    private let validating: [any ValidatingAdmission]
    private let followers: [any Service]

    /// Creates the steps of the selected plugins, in kube-apiserver's plugin order: LimitRanger
    /// (it defaults and checks pod resources), ServiceAccount, the mutating webhooks; then the
    /// checks of LimitRanger and ServiceAccount, ValidatingAdmissionPolicy, the validating
    /// webhooks, and ResourceQuota the very last (it charges only what everything else admitted).
    init(
        objects: ObjectStore, served: ServedResources, plugins: AdmissionPluginSelection, authorizer: any Authorizer,
        serviceAccounts: ServiceAccountCache, logger: Logger
    ) {
        let catalog = served.builtinCatalog
        self.plugins = plugins
        var mutating: [any MutatingAdmission] = []
        var validating: [any ValidatingAdmission] = []
        var followers: [any Service] = []
        if plugins.contains(.limitRanger) {
            let limitRanger = LimitRanger(objects: objects, catalog: catalog)
            mutating.append(limitRanger)
            validating.append(limitRanger)
            followers.append(limitRanger)
        }
        if plugins.contains(.serviceAccount) {
            let accounts = ServiceAccountAdmission(accounts: serviceAccounts)
            mutating.append(accounts)
            validating.append(accounts)
        }
        if plugins.contains(.validatingAdmissionPolicy) {
            let policies = ValidatingAdmissionPolicies(objects: objects, served: served, logger: logger)
            validating.append(policies)
            followers.append(policies)
        }
        if plugins.contains(.mutatingAdmissionWebhook) || plugins.contains(.validatingAdmissionWebhook) {
            let webhooks = AdmissionWebhooks(objects: objects, catalog: catalog, logger: logger)
            if plugins.contains(.mutatingAdmissionWebhook) { mutating.append(webhooks) }
            if plugins.contains(.validatingAdmissionWebhook) { validating.append(webhooks) }
            followers.append(webhooks)
        }
        if plugins.contains(.resourceQuota) {
            let resourceQuota = ResourceQuotaAdmission(objects: objects, catalog: catalog, logger: logger)
            validating.append(resourceQuota)
            followers.append(resourceQuota)
        }
        // kube-apiserver checks RBAC escalation in its storage, after admission; a last step here.
        validating.append(RBACEscalationCheck(authorizer: authorizer, objects: objects, catalog: catalog))
        self.mutating = mutating
        self.validating = validating
        self.followers = followers
    }

    /// Runs the steps' followers until graceful shutdown.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for follower in self.followers {
                group.addTask { try? await follower.run() }
            }
        }
    }

    /// Runs the mutating steps in order and returns the object as they left it.
    func mutate(_ attributes: AdmissionAttributes) async throws -> JSONValue? {
        var current = attributes
        for step in self.mutating {
            current.object = try await step.mutate(current)
        }
        return current.object
    }

    /// Runs the validating steps in order; throws the first refusal.
    func validate(_ attributes: AdmissionAttributes) async throws {
        for step in self.validating {
            try await step.validate(attributes)
        }
    }
}
