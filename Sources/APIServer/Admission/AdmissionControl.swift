import KubeModel
public import Logging
public import ServiceLifecycle

/// Admission control: the steps every write passes between decoding and storage, in
/// kube-apiserver's order (mutating steps one after another, then validating ones), and the
/// services they need to follow their configurations.
///
/// NamespaceLifecycle is not a step here: the write path checks it first, before the object is
/// complete (see `ResourceHandler.admitCreate`).
public final class AdmissionControl: Service, Sendable {
    private let mutating: [any MutatingAdmission]
    private let validating: [any ValidatingAdmission]
    private let followers: [any Service]

    /// The steps in kube-apiserver's plugin order: LimitRanger before the webhooks (it defaults and
    /// checks pod resources), ResourceQuota the very last (it charges only what everything else admitted).
    init(objects: ObjectStore, catalog: ResourceCatalog, logger: Logger) {
        let limitRanger = LimitRanger(objects: objects, catalog: catalog)
        let webhooks = AdmissionWebhooks(objects: objects, catalog: catalog, logger: logger)
        let resourceQuota = ResourceQuotaAdmission(objects: objects, catalog: catalog, logger: logger)
        self.mutating = [limitRanger, webhooks]
        self.validating = [limitRanger, webhooks, resourceQuota]
        self.followers = [limitRanger, webhooks, resourceQuota]
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
