public import StoreCore

/// A follower's connection to the leader's etcd API, over which it forwards writes.
///
/// `wharf brain` connects with the etcd client; tests may connect two stores in-process.
public protocol LeaderConnection: KeyValueStore {
    /// Closes the connection (the leader changed or the store stops).
    func close() async
}
