/// An etcd-v3-style key-value store: MVCC ranges, writes, transactions, watch and leases.
///
/// Brain's engine implements it in-process and the etcd client implements it over gRPC, so a
/// caller (the API server) works the same on either. Every write is durable before it returns.
/// Errors are ``StoreError`` values.
public protocol KeyValueStore: Sendable {
    /// Reads the keys of a range.
    func range(_ request: RangeRequest) async throws -> RangeResponse
    /// Writes one key.
    func put(_ request: PutRequest) async throws -> PutResponse
    /// Deletes the keys of a range.
    func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse
    /// Runs a transaction.
    func txn(_ request: TxnRequest) async throws -> TxnResponse
    /// Discards history before `revision`; returns the store revision.
    func compact(revision: Revision, physical: Bool) async throws -> Revision
    /// Opens a watch session.
    func openWatchSession() -> any WatchSession
    /// Grants a lease with a TTL in seconds; `id` 0 lets the store choose.
    func leaseGrant(ttl: Int64, id: LeaseID) async throws -> LeaseGrantResponse
    /// Revokes a lease and deletes its keys; returns the store revision.
    func leaseRevoke(_ id: LeaseID) async throws -> Revision
    /// Renews a lease; returns its TTL in seconds and the store revision.
    func leaseKeepAlive(_ id: LeaseID) async throws -> (ttl: Int64, revision: Revision)
    /// Reports a lease's remaining time and, optionally, its keys.
    func leaseTimeToLive(_ id: LeaseID, keys: Bool) async throws -> LeaseTimeToLiveResponse
    /// Lists the live leases.
    func leases() async throws -> [LeaseID]
}
