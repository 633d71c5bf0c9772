public import StoreCore
public import WharfGRPC
import Synchronization

/// A ``KeyValueStore`` on an etcd cluster (or `wharf brain`) that keeps itself connected: it
/// connects to the first reachable endpoint on first use, and when the connection fails
/// (`unavailable`), the next call connects again, trying every endpoint in order. This is what a
/// long-running client such as the API server needs to outlive a restart of its store.
///
/// ```swift
/// let store = EtcdStore(endpoints: [("127.0.0.1", 2379), ("127.0.0.1", 22379)])
/// let response = try await store.range(RangeRequest(range: KeyRange(key: Data("k".utf8))))
/// ```
public final class EtcdStore: KeyValueStore {
    /// The endpoints, tried in order.
    public let endpoints: [(host: String, port: Int)]
    private let tls: GRPCClientTLS?
    private let state = Mutex(State())

    private struct State {
        var current: EtcdClient?
        /// Connections given up on, closed at the next chance.
        var abandoned: [EtcdClient] = []
    }

    /// Creates a store; nothing connects until the first call.
    public init(endpoints: [(host: String, port: Int)], tls: GRPCClientTLS? = nil) {
        self.endpoints = endpoints
        self.tls = tls
    }

    /// The connected client, connecting first if there is none.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` when no endpoint can be reached.
    func client() async throws -> EtcdClient {
        if let current = self.state.withLock({ $0.current }) { return current }
        for client in self.state.withLock({ state in defer { state.abandoned = [] }; return state.abandoned }) {
            await client.close()
        }
        var failures: [String] = []
        for endpoint in self.endpoints {
            do {
                let connected = try await EtcdClient.connect(host: endpoint.host, port: endpoint.port, tls: self.tls)
                let (winner, loser) = self.state.withLock { state -> (EtcdClient, EtcdClient?) in
                    if let current = state.current { return (current, connected) }
                    state.current = connected
                    return (connected, nil)
                }
                if let loser { await loser.close() }
                return winner
            } catch {
                failures.append("\(endpoint.host):\(endpoint.port): \(error)")
            }
        }
        throw StoreError.unavailable("no etcd endpoint reachable (\(failures.joined(separator: "; ")))")
    }

    /// Runs a call on the connected client; an `unavailable` failure drops the connection so the
    /// next call reconnects.
    private func call<Result>(_ body: (EtcdClient) async throws -> Result) async throws -> Result {
        let client = try await self.client()
        do {
            return try await body(client)
        } catch StoreError.unavailable(let reason) {
            self.state.withLock { state in
                if state.current === client {
                    state.current = nil
                    state.abandoned.append(client)
                }
            }
            throw StoreError.unavailable(reason)
        }
    }

    /// Closes the connection.
    public func close() async {
        let clients = self.state.withLock { state -> [EtcdClient] in
            defer { state = State() }
            return state.abandoned + (state.current.map { [$0] } ?? [])
        }
        for client in clients { await client.close() }
    }

    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        try await self.call { try await $0.range(request) }
    }

    public func put(_ request: PutRequest) async throws -> PutResponse {
        try await self.call { try await $0.put(request) }
    }

    public func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        try await self.call { try await $0.deleteRange(request) }
    }

    public func txn(_ request: TxnRequest) async throws -> TxnResponse {
        try await self.call { try await $0.txn(request) }
    }

    public func compact(revision: Revision, physical: Bool) async throws -> Revision {
        try await self.call { try await $0.compact(revision: revision, physical: physical) }
    }

    public func openWatchSession() -> any WatchSession {
        EtcdWatchSession(connect: { try await self.client() })
    }

    public func leaseGrant(ttl: Int64, id: LeaseID) async throws -> LeaseGrantResponse {
        try await self.call { try await $0.leaseGrant(ttl: ttl, id: id) }
    }

    public func leaseRevoke(_ id: LeaseID) async throws -> Revision {
        try await self.call { try await $0.leaseRevoke(id) }
    }

    public func leaseKeepAlive(_ id: LeaseID) async throws -> (ttl: Int64, revision: Revision) {
        try await self.call { try await $0.leaseKeepAlive(id) }
    }

    public func leaseTimeToLive(_ id: LeaseID, keys: Bool) async throws -> LeaseTimeToLiveResponse {
        try await self.call { try await $0.leaseTimeToLive(id, keys: keys) }
    }

    public func leases() async throws -> [LeaseID] {
        try await self.call { try await $0.leases() }
    }
}
