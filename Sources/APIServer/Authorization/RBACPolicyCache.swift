import Foundation
public import KubeModel
public import Logging
public import ServiceLifecycle
import StoreCore
import Synchronization

/// The cluster's RBAC objects in memory, kept current from one store watch of the four RBAC
/// resources, so authorizing a request reads no storage. It is a `Service`: `run()` lists the
/// four collections at one revision, then applies the watch's events until shutdown, starting
/// over (list, then watch) when the watch ends or the store fails.
///
/// It also runs the ClusterRole aggregation controller in-process: whenever ClusterRoles change,
/// every ClusterRole with an `aggregationRule` whose rules differ from the union of the rules of
/// the ClusterRoles its selectors pick is updated in storage (the update comes back through the
/// watch like any other change).
public final class RBACPolicyCache: Service, Sendable {
    /// The four RBAC resources.
    enum Kind: CaseIterable {
        case roles, clusterRoles, roleBindings, clusterRoleBindings

        var resource: String {
            switch self {
            case .roles: "roles"
            case .clusterRoles: "clusterroles"
            case .roleBindings: "rolebindings"
            case .clusterRoleBindings: "clusterrolebindings"
            }
        }
    }

    private struct State {
        var policy = RBACPolicy()
        var synced = false
        /// Every ClusterRole as stored, for the aggregation controller's updates.
        var clusterRoles: [String: KeyValue] = [:]
    }

    private let objects: ObjectStore
    private let definitions: [(kind: Kind, definition: ResourceDefinition, prefix: Data)]
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates the cache.
    ///
    /// - Parameters:
    ///   - objects: Where the RBAC objects are stored.
    ///   - catalog: The served resources (for the RBAC resources' storage paths).
    ///   - logger: Receives failures of the feed and of aggregation updates.
    public init(objects: ObjectStore, catalog: ResourceCatalog, logger: Logger) {
        self.objects = objects
        self.logger = logger
        self.definitions = Kind.allCases.compactMap { kind in
            let resource = GroupVersionResource(group: "rbac.authorization.k8s.io", version: "v1", resource: kind.resource)
            return catalog.definition(for: resource).map { (kind, $0, objects.collectionPrefix($0, namespace: "")) }
        }
    }

    /// Runs `body` on the current policy once the first list has been applied; `nil` when that has
    /// not happened within `timeout` (the store is unreachable).
    func withPolicy<Result: Sendable>(timeout: Duration = .seconds(10), _ body: (borrowing RBACPolicy) -> Result) async -> Result? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let result: Result? = self.state.withLock { $0.synced ? body($0.policy) : nil }
            if result != nil || ContinuousClock.now >= deadline { return result }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.listAndWatch()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("RBAC cache feed failed; starting over", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Lists the four collections at one revision, then applies watch events until the watch ends.
    private func listAndWatch() async throws {
        var policy = RBACPolicy()
        var clusterRoles: [String: KeyValue] = [:]
        var revision: Revision = 0
        for entry in self.definitions {
            let response = try await self.objects.store.range(RangeRequest(range: .prefix(entry.prefix), revision: revision))
            revision = response.revision
            for kv in response.kvs {
                Self.apply(.put, kv, kind: entry.kind, prefix: entry.prefix, to: &policy, clusterRoles: &clusterRoles)
            }
        }
        let session = self.objects.store.openWatchSession()
        try await withTaskCancellationHandler {
            for entry in self.definitions {
                session.create(WatchCreateRequest(range: .prefix(entry.prefix), startRevision: revision + 1))
            }
            self.state.withLock { state in
                state.policy = policy
                state.clusterRoles = clusterRoles
                state.synced = true
            }
            await self.aggregate()
            for await batch in session.responses {
                var clusterRolesChanged = false
                for response in batch {
                    if response.canceled { throw StoreError.compacted }
                    self.state.withLock { state in
                        for event in response.events {
                            guard let entry = self.definitions.first(where: { event.kv.key.starts(with: $0.prefix) }) else {
                                continue
                            }
                            clusterRolesChanged = clusterRolesChanged || entry.kind == .clusterRoles
                            Self.apply(
                                event.kind, event.kv, kind: entry.kind, prefix: entry.prefix, to: &state.policy,
                                clusterRoles: &state.clusterRoles
                            )
                        }
                    }
                }
                if clusterRolesChanged { await self.aggregate() }
            }
        } onCancel: {
            session.close()
        }
        session.close()
    }

    /// Applies one stored change to the policy. A stored value that is not JSON is left out (it
    /// grants nothing) rather than stopping the feed.
    private static func apply(
        _ change: Event.Kind, _ kv: KeyValue, kind: Kind, prefix: Data, to policy: inout RBACPolicy,
        clusterRoles: inout [String: KeyValue]
    ) {
        let path = String(decoding: kv.key.dropFirst(prefix.count), as: UTF8.self)
        let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
        let (namespace, name) = parts.count == 2 ? (parts[0], parts[1]) : ("", path)
        // An undecodable value counts as a deletion.
        let object = change == .put ? try? ObjectStore.decode(kv) : nil
        switch (object, kind) {
        case (let object?, .roles), (let object?, .clusterRoles):
            policy.setRole(object, cluster: kind == .clusterRoles)
            if kind == .clusterRoles { clusterRoles[name] = kv }
        case (nil, .roles), (nil, .clusterRoles):
            policy.removeRole(namespace: namespace, name: name, cluster: kind == .clusterRoles)
            if kind == .clusterRoles { clusterRoles[name] = nil }
        case (let object?, .roleBindings), (let object?, .clusterRoleBindings):
            policy.setBinding(object)
        case (nil, .roleBindings), (nil, .clusterRoleBindings):
            policy.removeBinding(namespace: namespace, name: name)
        }
    }

    /// The aggregation controller's round: writes the ClusterRoles whose aggregated rules changed.
    private func aggregate() async {
        let updates: [(KeyValue, [PolicyRule])] = self.state.withLock { state in
            state.policy.aggregatingClusterRoles.compactMap { name in
                guard let rules = state.policy.aggregatedRules(of: name), rules != state.policy.clusterRoles[name]?.rules,
                    let stored = state.clusterRoles[name]
                else { return nil }
                return (stored, rules)
            }
        }
        for (stored, rules) in updates {
            do {
                var role = try ObjectStore.decode(stored)
                role["rules"] = .array(rules.map(\.json))
                // A conflicting write comes back through the watch and triggers another round.
                _ = try await self.objects.replace(key: stored.key, modRevision: stored.modRevision, with: role)
            } catch {
                self.logger.warning("ClusterRole aggregation failed", metadata: ["error": "\(error)", "k8s.name": "\(stored.key)"])
            }
        }
    }
}
