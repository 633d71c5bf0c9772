import CEL
import Foundation
import KubeModel
import Logging
import Synchronization

/// kube-controller-manager's resource quota controller: keeps each ResourceQuota's `status.hard`
/// equal to `spec.hard` and recounts `status.used` from the namespace's objects (what
/// ``QuotaEvaluator`` counts, within the quota's scopes; pods that succeeded or failed count no
/// compute), so that quota admission enforces the quota and deleted objects free it.
///
/// A namespace is recounted when one of its quotas is created or its `spec.hard` no longer matches
/// `status.hard` (or a tracked resource has no `status.used` entry yet), when an object in it is
/// deleted (seen through the lifecycle controllers' registry watch), and every ``resyncInterval``
/// (which also catches pods turning `Succeeded` or `Failed`). Status writes go through the API
/// server's update path (`resourcequotas/status`, as kube-controller-manager) with the
/// `resourceVersion` the count started from as precondition, so a concurrent admission charge is
/// never overwritten; the namespace is recounted after such a conflict.
final class ResourceQuotaController: Sendable {
    /// One namespace to look at; `recount` recounts every quota, otherwise only quotas whose
    /// status does not match their spec.
    struct Sync: Hashable, Sendable {
        var namespace: String
        var recount: Bool
    }

    let handler: ResourceHandler
    let queue: WorkQueue<Sync>
    let logger: Logger
    /// The key of every ResourceQuota, with its namespace, from the registry watch.
    private let quotaKeys = Mutex<[Data: String]>([:])
    private let quotaPrefix: Data
    private let quotaDefinition: ResourceDefinition?

    /// How often every namespace with a quota is recounted (kube's full resync is 5 minutes).
    static var resyncInterval: Duration { .seconds(30) }
    /// How long a namespace whose quota was charged while it was counted waits before it is
    /// counted again (admission writes in a burst of creates would otherwise conflict each time).
    static var conflictDelay: Duration { .seconds(1) }

    init(handler: ResourceHandler, queue: WorkQueue<Sync>, logger: Logger) {
        self.handler = handler
        self.queue = queue
        self.logger = logger
        self.quotaDefinition = handler.catalog.definition(for: ResourceQuotaAdmission.resourceQuotas)
        self.quotaPrefix = self.quotaDefinition.map { handler.objects.collectionPrefix($0, namespace: "") } ?? Data()
    }

    /// Queues the namespaces a batch of registry updates concerns: quotas written, objects deleted
    /// in namespaces with quotas, everything after a fresh listing.
    func observe(_ updates: [RegistryReflector.Update]) {
        guard self.quotaDefinition != nil else { return }
        var syncs = Set<Sync>()
        self.quotaKeys.withLock { quotaKeys in
            var quotaNamespaces: Set<String>?
            for update in updates {
                switch update {
                case .replaced(let listed):
                    quotaKeys = [:]
                    for (key, node) in listed where key.starts(with: self.quotaPrefix) { quotaKeys[key] = node.namespace }
                    for namespace in Set(quotaKeys.values) { syncs.insert(Sync(namespace: namespace, recount: true)) }
                case .put(let key, let node):
                    guard key.starts(with: self.quotaPrefix) else { continue }
                    quotaKeys[key] = node.namespace
                    quotaNamespaces = nil
                    syncs.insert(Sync(namespace: node.namespace, recount: false))
                case .deleted(let key):
                    if quotaKeys.removeValue(forKey: key) != nil {
                        quotaNamespaces = nil
                        continue
                    }
                    let namespaces = quotaNamespaces ?? Set(quotaKeys.values)
                    quotaNamespaces = namespaces
                    if let namespace = Self.namespace(ofKey: key), namespaces.contains(namespace) {
                        syncs.insert(Sync(namespace: namespace, recount: true))
                    }
                }
            }
        }
        for sync in syncs { self.queue.add(sync) }
    }

    /// The namespace part of an object key (`…/<resource>/<namespace>/<name>`); for a
    /// cluster-scoped key it is some other part, which names no namespace with quotas.
    static func namespace(ofKey key: Data) -> String? {
        let parts = key.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        return String(decoding: parts[parts.count - 2], as: UTF8.self)
    }

    /// Works through the queue and recounts every namespace with quotas each ``resyncInterval``,
    /// until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.resyncInterval)
                    for namespace in Set(self.quotaKeys.withLock { $0.values }) {
                        self.queue.add(Sync(namespace: namespace, recount: true))
                    }
                }
            }
            while let sync = await self.queue.next() {
                do {
                    if try await self.process(sync) {
                        self.queue.forget(sync)
                    } else {
                        self.queue.add(Sync(namespace: sync.namespace, recount: true), after: Self.conflictDelay)
                    }
                } catch {
                    guard !Task.isCancelled else { break }
                    self.logger.info("resource quota controller will retry a namespace", metadata: [
                        "k8s.namespace": "\(sync.namespace)", "error": "\(error)",
                    ])
                    self.queue.retry(sync)
                }
            }
            group.cancelAll()
        }
    }

    /// Brings one namespace's quotas up to date; `false` when a quota changed while it was counted.
    func process(_ sync: Sync) async throws -> Bool {
        guard let quotaDefinition = self.quotaDefinition else { return true }
        let objects = self.handler.objects
        let quotas = try await objects.list(quotaDefinition, namespace: sync.namespace, options: ListOptions()).objects()
        var settled = true
        for quota in quotas where sync.recount || Self.needsCount(quota) {
            let status = try await self.status(of: quota)
            guard status != quota["status"] else { continue }
            do {
                try await self.handler.controllerUpdate(
                    quotaDefinition, namespace: quota.namespace, name: quota.name, uid: quota.metadataString("uid"),
                    subresource: "status", resourceVersion: quota.resourceVersion
                ) { $0["status"] = status }
            } catch let error as StatusError where error.code == 409 {
                settled = false
                continue
            }
            self.logger.debug("resource quota recounted", metadata: ["k8s.namespace": "\(quota.namespace)", "k8s.name": "\(quota.name)"])
        }
        return settled
    }

    /// Whether a quota's status does not reflect its spec yet: `status.hard` differs from
    /// `spec.hard`, or a resource it tracks has no `status.used` entry.
    static func needsCount(_ quota: JSONValue) -> Bool {
        let hard = ResourceList(quota["spec"]?["hard"])
        let used = ResourceList(quota["status"]?["used"])
        return hard != ResourceList(quota["status"]?["hard"]) || hard.names.contains { Self.evaluator(for: $0) != nil && used[$0] == nil }
    }

    /// A quota's status counted now: `hard` from `spec.hard`, `used` recounted for every resource
    /// an evaluator tracks (previous entries of other resources kept), in kube's canonical form.
    func status(of quota: JSONValue) async throws -> JSONValue {
        let hard = ResourceList(quota["spec"]?["hard"])
        var used = ResourceList(quota["status"]?["used"]).masked(to: hard.names)
        var evaluators: [QuotaEvaluator: Set<String>] = [:]
        for name in hard.names {
            if let evaluator = Self.evaluator(for: name) { evaluators[evaluator, default: []].insert(name) }
        }
        let now = Date()
        for (evaluator, names) in evaluators {
            var total = ResourceList(Dictionary(uniqueKeysWithValues: names.map { ($0, Quantity(integer: 0)) }))
            if let definition = self.definition(of: evaluator) {
                let listed = try await self.handler.objects.list(definition, namespace: quota.namespace, options: ListOptions())
                for object in try listed.objects() where evaluator.matchesScopes(of: quota, object) {
                    total = total.adding(evaluator.usage(object, now: now).masked(to: names))
                }
            }
            for (name, amount) in total.amounts { used[name] = amount }
        }
        return ["hard": hard.json, "used": used.json]
    }

    /// The evaluator that counts quota resource `name`: pods, services and claims for their
    /// resources, the named resource for `count/<resource>[.<group>]` and the legacy core counts.
    static func evaluator(for name: String) -> QuotaEvaluator? {
        for evaluator in [QuotaEvaluator.pods, .services, .persistentVolumeClaims] where evaluator.matches(name) {
            return evaluator
        }
        if name.hasPrefix("count/") {
            let counted = name.dropFirst("count/".count)
            let (resource, group) = counted.firstIndex(of: ".").map { (counted[..<$0], counted[counted.index(after: $0)...]) } ?? (counted, "")
            return QuotaEvaluator(group: String(group), resource: String(resource))
        }
        let legacy = QuotaEvaluator.objectCount(group: "", resource: name)
        return legacy.matches(name) ? legacy : nil
    }

    /// A served definition of the evaluator's resource, or `nil` when none is served (nothing counted).
    private func definition(of evaluator: QuotaEvaluator) -> ResourceDefinition? {
        let (group, resource) = evaluator.groupResource
        return self.handler.catalog.definitions.first {
            $0.resource.group == group && $0.resource.resource == resource && $0.namespaced && $0.storagePath != nil
        }
    }
}
