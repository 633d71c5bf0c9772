import Foundation
import KubeModel
import Logging
import ServiceLifecycle
import StoreCore

/// kube-apiserver's `ResourceQuota` admission plugin, the last validating step: a write that adds
/// to what a namespace's ResourceQuotas track (object counts, pod compute, service ports, claim
/// storage; see ``QuotaEvaluator``) is refused (403, kube's `exceeded quota:` message) when
/// `status.used` plus its usage would pass `status.hard`, and otherwise charged to the quota by a
/// compare-and-swap write of `status.used` at the quota's revision, retried from a fresh read on a
/// conflict, so concurrent creates (on this or another API server) cannot all slip under the limit.
///
/// A quota counts only once the resource quota controller has set its `status.hard` (as in kube);
/// before it has counted a tracked resource the write is refused with `status unknown for quota`.
/// A refusal found on the followed copy is confirmed on the stored quota. Dry runs are checked but
/// not charged. A charge for a write that then fails in storage stays
/// until the controller recounts the namespace. The quotas are followed with a store watch.
final class ResourceQuotaAdmission: Service, ValidatingAdmission {
    private let objects: ObjectStore
    private let quotaDefinition: ResourceDefinition
    private let quotas: CollectionFollower
    private let logger: Logger

    /// How many times a charge is retried after another writer changed the quota in between.
    static let chargeRetries = 64

    init(objects: ObjectStore, catalog: ResourceCatalog, logger: Logger) {
        self.objects = objects
        self.quotaDefinition = catalog.definition(for: ResourceQuotaAdmission.resourceQuotas)!
        self.quotas = CollectionFollower(objects: objects, definition: self.quotaDefinition)
        self.logger = logger
    }

    /// The `resourcequotas` resource.
    static let resourceQuotas = GroupVersionResource(group: "", version: "v1", resource: "resourcequotas")

    /// Follows the ResourceQuotas until graceful shutdown.
    func run() async throws {
        try? await cancelWhenGracefulShutdown { await self.quotas.follow() }
    }

    /// Refuses a write that would pass a quota of its namespace, else charges it to every quota
    /// that tracks what it uses.
    func validate(_ attributes: AdmissionAttributes) async throws {
        let resource = attributes.definition.resource
        guard attributes.subresource.isEmpty, attributes.definition.namespaced, !attributes.namespace.isEmpty,
            let object = attributes.object else { return }
        let evaluator = QuotaEvaluator(group: resource.group, resource: resource.resource)
        guard evaluator.handles(attributes.operation) else { return }
        let quotas = self.quotas.current(inNamespace: attributes.namespace).filter { evaluator.matchesScopes(of: $0, object) }
        guard !quotas.isEmpty else { return }
        let refuse = { (reason: String) in
            StatusError.forbidden(resource, name: attributes.name.isEmpty ? "Unknown" : attributes.name, reason)
        }
        for quota in quotas {
            if let reason = try await self.confirmed(quota, { Self.unmetPrecondition($0, evaluator, object) }) { throw refuse(reason) }
        }
        let delta = Self.delta(evaluator, object, oldObject: attributes.operation == "UPDATE" ? attributes.oldObject : nil)
        guard !delta.isEmpty else { return }
        for quota in quotas {
            if let reason = try await self.confirmed(quota, { Self.excess($0, delta) }) { throw refuse(reason) }
        }
        guard !attributes.dryRun else { return }
        for quota in quotas where Self.charged(quota, delta) != nil {
            try await self.charge(quota, delta, evaluator, object, refuse)
        }
    }

    /// Why `check` refuses, confirmed on the stored quota: the followed copy may lag behind the
    /// store (a recount that freed quota, the first count), and refusals are rare enough to read it.
    private func confirmed(_ quota: JSONValue, _ check: (JSONValue) -> String?) async throws -> String? {
        guard check(quota) != nil else { return nil }
        let key = self.objects.key(self.quotaDefinition, namespace: quota.namespace, name: quota.name)
        guard let current = try await self.objects.current(key) else { return nil }
        return check(try await self.objects.decode(current, for: self.quotaDefinition))
    }

    /// Writes `delta` into one quota's `status.used`, re-reading and re-checking it after a conflict.
    private func charge(
        _ cached: JSONValue, _ delta: ResourceList, _ evaluator: QuotaEvaluator, _ object: JSONValue,
        _ refuse: (String) -> StatusError
    ) async throws {
        let key = self.objects.key(self.quotaDefinition, namespace: cached.namespace, name: cached.name)
        var quota = cached
        for attempt in 0..<Self.chargeRetries {
            if attempt > 0 {
                guard let current = try await self.objects.current(key) else { return }
                quota = try await self.objects.decode(current, for: self.quotaDefinition)
                if let reason = Self.unmetPrecondition(quota, evaluator, object) ?? Self.excess(quota, delta) { throw refuse(reason) }
            }
            guard let used = Self.charged(quota, delta), let revision = Revision(quota.resourceVersion) else { return }
            var updated = quota
            updated["status"]?["used"] = used.json
            if try await self.objects.replace(key: key, modRevision: revision, with: updated) != nil { return }
        }
        self.logger.info("resource quota charge kept conflicting", metadata: ["k8s.namespace": "\(cached.namespace)", "k8s.name": "\(cached.name)"])
        throw StatusError.conflict(Self.resourceQuotas, name: cached.name, detail: StatusError.modifiedDetail)
    }

    /// What a write adds to quota usage: the new object's usage, less the old object's on an update
    /// (never below zero), without zeros.
    static func delta(_ evaluator: QuotaEvaluator, _ object: JSONValue, oldObject: JSONValue?, now: Date = Date()) -> ResourceList {
        var delta = evaluator.usage(object, now: now)
        if let oldObject, !oldObject.resourceVersion.isEmpty {
            delta = delta.subtractingNonNegative(evaluator.usage(oldObject, now: now))
        }
        return delta.removingZeros()
    }

    /// The resources of `quota`'s `status.hard` that `evaluator` counts.
    static func restrictedResources(_ quota: JSONValue, _ evaluator: QuotaEvaluator) -> Set<String> {
        ResourceList(quota["status"]?["hard"]).names.filter(evaluator.matches)
    }

    /// Why `quota` refuses `object` whatever its usage: a pod missing the compute requests or limits
    /// the quota tracks (`failed quota: … must specify …`), or a tracked resource the controller has
    /// not counted yet (`status unknown for quota`).
    static func unmetPrecondition(_ quota: JSONValue, _ evaluator: QuotaEvaluator, _ object: JSONValue) -> String? {
        let restricted = Self.restrictedResources(quota, evaluator)
        guard !restricted.isEmpty else { return nil }
        if let missing = evaluator.missingComputeMessage(required: restricted, object) {
            return "failed quota: \(quota.name): \(missing)"
        }
        let used = ResourceList(quota["status"]?["used"])
        if restricted.contains(where: { used[$0] == nil }) {
            return "status unknown for quota: \(quota.name), resources: \(restricted.sorted().joined(separator: ","))"
        }
        return nil
    }

    /// kube's `exceeded quota` refusal when `status.used` plus the tracked part of `delta` passes
    /// `status.hard`; `nil` when it fits.
    static func excess(_ quota: JSONValue, _ delta: ResourceList) -> String? {
        let hard = ResourceList(quota["status"]?["hard"])
        let used = ResourceList(quota["status"]?["used"])
        let requested = delta.masked(to: hard.names)
        let exceeded = used.adding(requested).masked(to: requested.names).namesExceeding(hard)
        guard !exceeded.isEmpty else { return nil }
        return "exceeded quota: \(quota.name), requested: \(requested.masked(to: exceeded).prettyPrinted), "
            + "used: \(used.masked(to: exceeded).prettyPrinted), limited: \(hard.masked(to: exceeded).prettyPrinted)"
    }

    /// `quota`'s `status.used` after charging `delta`, or `nil` when the quota tracks none of it.
    static func charged(_ quota: JSONValue, _ delta: ResourceList) -> ResourceList? {
        let requested = delta.masked(to: ResourceList(quota["status"]?["hard"]).names)
        guard !requested.isEmpty else { return nil }
        return ResourceList(quota["status"]?["used"]).adding(requested)
    }
}
