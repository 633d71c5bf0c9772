public import BrainPostgres
import Logging
import StoreCore
import Synchronization

/// Stores on one database that forward writes to each other in-process, as `wharf brain` nodes
/// do over the etcd API: each has the client URL `inproc://NAME`.
final class InProcessNodes: Sendable {
    private let stores = Mutex<[String: PostgresStore]>([:])

    /// A store named `name` (member ID `id`) that reaches the leader through this registry.
    func store(_ name: String, id: UInt64, configuration: PostgresStoreConfiguration) throws -> PostgresStore {
        let url = "inproc://\(name)"
        let store = try PostgresStore(
            configuration: configuration, member: StoreMember(id: id, name: name, clientURLs: [url]),
            connectToLeader: { urls in
                guard let leader = self.stores.withLock({ stores in urls.compactMap { stores[$0] }.first }) else {
                    throw StoreError.unavailable("no store at \(urls)")
                }
                return leader
            },
            logger: Logger(label: name))
        stores.withLock { $0[url] = store }
        return store
    }
}

extension PostgresStore: LeaderConnection {
    /// Nothing to close in-process.
    public func close() async {}
}
