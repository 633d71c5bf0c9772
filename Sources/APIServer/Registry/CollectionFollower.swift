import Foundation
public import KubeModel
import StoreCore
import Synchronization

/// A copy in memory of the objects of one stored collection, kept current by a store watch:
/// in-process controllers and caches read it instead of the store. `follow()` lists the collection,
/// then applies the watch's changes; after a store failure it lists again.
final class CollectionFollower: Sendable {
    private let objects: ObjectStore
    private let definition: ResourceDefinition
    private let state = Mutex<State>(State())
    /// The copy and what is derived from it.
    private struct State {
        var objects: [Data: JSONValue] = [:]
        var generation = 0
        /// The objects by namespace, built on first use after each change.
        var byNamespace: [String: [JSONValue]]?
    }
    private let changed: @Sendable () -> Void

    /// How long to wait before listing again after the watch ended or failed.
    private static let retryInterval: Duration = .seconds(1)

    /// Follows `definition`'s collection (all namespaces); `changed` runs after each change applied.
    init(objects: ObjectStore, definition: ResourceDefinition, changed: @escaping @Sendable () -> Void = {}) {
        self.objects = objects
        self.definition = definition
        self.changed = changed
    }

    /// The objects now, in the storage version.
    var current: [JSONValue] {
        self.state.withLock { Array($0.objects.values) }
    }

    /// The objects of one namespace now, by name: what admission steps read on every write, from
    /// an index rebuilt once per change.
    func current(inNamespace namespace: String) -> [JSONValue] {
        self.state.withLock { state in
            if let index = state.byNamespace { return index[namespace] ?? [] }
            var index: [String: [JSONValue]] = [:]
            for object in state.objects.values { index[object.namespace, default: []].append(object) }
            for key in index.keys { index[key]?.sort { $0.name < $1.name } }
            state.byNamespace = index
            return index[namespace] ?? []
        }
    }

    /// The object stored under `key` now, if any.
    func object(at key: Data) -> JSONValue? {
        self.state.withLock { $0.objects[key] }
    }

    /// How many changes were applied so far; caches built from ``current`` compare it.
    var generation: Int {
        self.state.withLock { $0.generation }
    }

    /// Lists and watches until cancelled.
    func follow() async {
        while !Task.isCancelled {
            do {
                try await self.listAndWatch()
            } catch {
                // The store is unreachable or the watch was compacted away: list again shortly.
            }
            try? await Task.sleep(for: Self.retryInterval)
        }
    }

    private func listAndWatch() async throws {
        let listed = try await self.objects.list(self.definition, namespace: "", options: ListOptions())
        var snapshot: [Data: JSONValue] = [:]
        for item in listed.items { snapshot[item.stored.key] = try item.object() }
        self.replace { $0 = snapshot }
        let session = self.objects.store.openWatchSession()
        defer { session.close() }
        session.create(WatchCreateRequest(range: .prefix(self.objects.collectionPrefix(self.definition, namespace: "")),
                                          startRevision: listed.revision + 1))
        try await withTaskCancellationHandler {
            for await batch in session.responses {
                for response in batch {
                    if response.canceled { return }
                    guard !response.events.isEmpty else { continue }
                    var updates: [(Data, JSONValue?)] = []
                    for event in response.events {
                        switch event.kind {
                        case .put: updates.append((event.kv.key, try await self.objects.decode(event.kv, for: self.definition)))
                        case .delete: updates.append((event.kv.key, nil))
                        }
                    }
                    self.replace { objects in
                        for (key, object) in updates { objects[key] = object }
                    }
                }
            }
        } onCancel: {
            session.close()
        }
    }

    private func replace(_ change: (inout [Data: JSONValue]) -> Void) {
        self.state.withLock { state in
            change(&state.objects)
            state.generation += 1
            state.byNamespace = nil
        }
        self.changed()
    }
}
