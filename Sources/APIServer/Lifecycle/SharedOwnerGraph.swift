import Synchronization

/// The ``OwnerGraph`` the registry reflector writes and the controllers read.
final class SharedOwnerGraph: Sendable {
    private let graph = Mutex(OwnerGraph())

    /// Applies a batch of registry updates; returns what the controllers should look at again.
    func apply(_ updates: [RegistryReflector.Update]) -> OwnerGraph.Changes {
        self.graph.withLock { graph in
            var changes = OwnerGraph.Changes()
            for update in updates {
                switch update {
                case .replaced(let listed): changes.formUnion(graph.replaceAll(listed))
                case .put(let key, let node): changes.formUnion(graph.put(key: key, node))
                case .deleted(let key): changes.formUnion(graph.remove(key: key))
                }
            }
            return changes
        }
    }

    /// Reads the graph.
    func read<Result>(_ body: (borrowing OwnerGraph) -> Result) -> Result {
        self.graph.withLock { body($0) }
    }
}
