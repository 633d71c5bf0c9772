import Foundation
import KubeModel
import Logging
import ServiceLifecycle
import Synchronization

/// Dynamic admission: the mutating and validating webhooks of the stored
/// Mutating/ValidatingWebhookConfigurations (admissionregistration.k8s.io/v1), called with an
/// `AdmissionReview` (admission.k8s.io/v1) for each write they match, as kube-apiserver calls them.
///
/// Mutating webhooks run one after another (configurations by name, webhooks in order) and may
/// answer a JSON patch; a webhook with `reinvocationPolicy: IfNeeded` runs once more when a later
/// one changed the object. Validating webhooks then run concurrently, and any denial refuses the
/// request with the webhook's status. A call that fails refuses the request under
/// `failurePolicy: Fail` and is skipped under `Ignore`. The configurations are followed with a
/// store watch (a `Service`), so requests never read them from the store.
final class AdmissionWebhooks: Service, MutatingAdmission, ValidatingAdmission {
    private let mutatingConfigurations: CollectionFollower
    private let validatingConfigurations: CollectionFollower
    private let cache = Mutex<(generation: Int, mutating: [AdmissionWebhook], validating: [AdmissionWebhook])>((-1, [], []))
    private let namespaces: AdmissionNamespaces
    private let logger: Logger

    init(objects: ObjectStore, catalog: ResourceCatalog, logger: Logger) {
        func definition(_ resource: String) -> ResourceDefinition {
            catalog.definition(for: GroupVersionResource(group: "admissionregistration.k8s.io", version: "v1", resource: resource))!
        }
        self.mutatingConfigurations = CollectionFollower(objects: objects, definition: definition("mutatingwebhookconfigurations"))
        self.validatingConfigurations = CollectionFollower(objects: objects, definition: definition("validatingwebhookconfigurations"))
        self.namespaces = AdmissionNamespaces(objects: objects, catalog: catalog)
        self.logger = logger
    }

    /// Follows the webhook configurations until graceful shutdown.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.mutatingConfigurations.follow() }
                group.addTask { await self.validatingConfigurations.follow() }
            }
        }
    }

    /// The webhooks now, parsed once per change of the configurations.
    private var webhooks: (mutating: [AdmissionWebhook], validating: [AdmissionWebhook]) {
        let generation = self.mutatingConfigurations.generation &+ self.validatingConfigurations.generation &* 65_536
        return self.cache.withLock { cache in
            if cache.generation != generation {
                func parse(_ follower: CollectionFollower, mutating: Bool) -> [AdmissionWebhook] {
                    follower.current.sorted { $0.name < $1.name }.flatMap { AdmissionWebhook.webhooks(of: $0, mutating: mutating) }
                }
                cache = (generation, parse(self.mutatingConfigurations, mutating: true), parse(self.validatingConfigurations, mutating: false))
            }
            return (cache.mutating, cache.validating)
        }
    }

    /// Runs the mutating webhooks that match and returns the object as they left it (unchanged
    /// when none matches).
    func mutate(_ attributes: AdmissionAttributes) async throws -> JSONValue? {
        let candidates = self.webhooks.mutating
        guard !candidates.isEmpty else { return attributes.object }
        var current = await self.namespaces.resolve(attributes).attributes
        var calledIfNeeded: [AdmissionWebhook] = []
        var changedAfter: Bool = false
        for webhook in candidates {
            guard try self.shouldCall(webhook, current) else { continue }
            let before = current.object
            current.object = try await self.call(webhook, current)
            if current.object != before { changedAfter = true }
            if webhook.reinvocationPolicy == "IfNeeded" {
                calledIfNeeded.append(webhook)
                changedAfter = false
            }
        }
        if changedAfter {
            for webhook in calledIfNeeded {
                guard try self.shouldCall(webhook, current) else { continue }
                current.object = try await self.call(webhook, current)
            }
        }
        return current.object
    }

    /// Runs the validating webhooks that match, concurrently; throws the first denial or failure.
    func validate(_ attributes: AdmissionAttributes) async throws {
        let candidates = self.webhooks.validating
        guard !candidates.isEmpty else { return }
        let attributes = await self.namespaces.resolve(attributes).attributes
        try await withThrowingTaskGroup(of: Void.self) { group in
            for webhook in candidates {
                guard try self.shouldCall(webhook, attributes) else { continue }
                group.addTask { _ = try await self.call(webhook, attributes) }
            }
            try await group.waitForAll()
        }
    }

    /// Whether to call `webhook` for this request: its rules and selectors match and its match
    /// conditions hold. A condition that fails refuses the request under `failurePolicy: Fail`
    /// (kube-apiserver's `403`) and skips the webhook under `Ignore`.
    private func shouldCall(_ webhook: AdmissionWebhook, _ attributes: AdmissionAttributes) throws -> Bool {
        guard webhook.wants(attributes) else { return false }
        switch webhook.matchConditionOutcome(attributes) {
        case .matches:
            return true
        case .skipped:
            return false
        case .failed(let message):
            guard webhook.failurePolicy == "Ignore" else {
                throw StatusError.forbidden(attributes.definition.resource, name: attributes.name, message)
            }
            self.logger.info("webhook match conditions failed; skipped by its failure policy", metadata: ["webhook": "\(webhook.name)", "error": "\(message)"])
            return false
        }
    }

    /// Calls one webhook; returns the object, patched when a mutating webhook answered a patch.
    private func call(_ webhook: AdmissionWebhook, _ attributes: AdmissionAttributes) async throws -> JSONValue? {
        if attributes.dryRun && webhook.sideEffects != "None" && webhook.sideEffects != "NoneOnDryRun" {
            throw StatusError.badRequest("admission webhook \"\(webhook.name)\" does not support dry run")
        }
        let uid = UUID().uuidString.lowercased()
        let review = AdmissionReview.request(uid: uid, attributes)
        let response: JSONValue
        do {
            let body = try await WebhookClient.post(review.serialized(), to: webhook.url, caBundle: webhook.caBundle, timeout: webhook.timeout)
            response = try AdmissionReview.response(body, uid: uid)
        } catch {
            guard webhook.failurePolicy == "Ignore" else {
                throw StatusError.internalError("failed calling webhook \"\(webhook.name)\": failed to call webhook: Post \"\(webhook.url)\": \(error)")
            }
            self.logger.info("admission webhook failed; ignored by its failure policy", metadata: ["webhook": "\(webhook.name)", "error": "\(error)"])
            return attributes.object
        }
        for warning in response["warnings"]?.arrayValue ?? [] {
            if let text = warning.stringValue { RequestWarnings.current?.add(text) }
        }
        guard response["allowed"]?.boolValue == true else {
            throw AdmissionReview.denial(webhook.name, status: response["status"])
        }
        guard webhook.mutating, let encoded = response["patch"]?.stringValue, let object = attributes.object else {
            return attributes.object
        }
        guard let patchBytes = Data(base64Encoded: encoded), let patch = try? JSONParser.parse(Array(patchBytes)) else {
            throw StatusError.internalError("failed calling webhook \"\(webhook.name)\": the response's patch is not base64-encoded JSON")
        }
        do {
            return try JSONPatch.apply(patch, to: object)
        } catch {
            throw StatusError.internalError("admission webhook \"\(webhook.name)\" returned a patch that does not apply: \(error)")
        }
    }
}
