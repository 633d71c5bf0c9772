import EtcdWire
public import StoreCore
import WharfGRPC

/// The client as a ``KeyValueStore``: any etcd v3 endpoint (real etcd or `wharf brain`) behind the
/// protocol brain's in-process engine implements.
///
/// Failures are ``StoreError`` values: the server's etcd errors map back to their cases, and a
/// failing transport (connection refused or lost, `Unavailable`, `DeadlineExceeded`) becomes
/// ``StoreError/unavailable(_:)``; see `StoreError.init(rpcFailure:)`. A cancelled caller gets
/// `CancellationError`.
extension EtcdClient: KeyValueStore {
    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        try await storeCall { RangeResponse(protobuf: try await range(request.protobuf)) }
    }

    public func put(_ request: PutRequest) async throws -> PutResponse {
        try await storeCall { PutResponse(protobuf: try await put(request.protobuf)) }
    }

    public func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        try await storeCall { DeleteRangeResponse(protobuf: try await deleteRange(request.protobuf)) }
    }

    public func txn(_ request: TxnRequest) async throws -> TxnResponse {
        try await storeCall { TxnResponse(protobuf: try await txn(request.protobuf)) }
    }

    public func compact(revision: Revision, physical: Bool) async throws -> Revision {
        var request = Etcdserverpb_CompactionRequest()
        request.revision = revision
        request.physical = physical
        return try await storeCall { try await compact(request).header.revision }
    }

    /// Opens a watch session on its own `Watch` stream of this connection.
    public func openWatchSession() -> any WatchSession {
        EtcdWatchSession(client: self)
    }

    public func leaseGrant(ttl: Int64, id: LeaseID) async throws -> LeaseGrantResponse {
        var request = Etcdserverpb_LeaseGrantRequest()
        request.ttl = ttl
        request.id = id
        return try await storeCall { LeaseGrantResponse(protobuf: try await leaseGrant(request)) }
    }

    public func leaseRevoke(_ id: LeaseID) async throws -> Revision {
        var request = Etcdserverpb_LeaseRevokeRequest()
        request.id = id
        return try await storeCall { try await leaseRevoke(request).header.revision }
    }

    /// Renews a lease with one round trip on a `LeaseKeepAlive` stream of its own, as etcd's
    /// `KeepAliveOnce` does.
    ///
    /// A stream per renewal costs one HTTP/2 stream on the existing connection and keeps every
    /// call independent: nothing is shared, so there is no background reader, no matching of
    /// answers to callers and no stream to repair after a failure. Callers renew once per lease
    /// period (kube-apiserver: a handful of leases), far from where a shared stream would pay off.
    /// etcd answers an unknown or expired lease with TTL 0, which becomes
    /// ``StoreError/leaseNotFound``.
    public func leaseKeepAlive(_ id: LeaseID) async throws -> (ttl: Int64, revision: Revision) {
        var request = Etcdserverpb_LeaseKeepAliveRequest()
        request.id = id
        let response = try await storeCall {
            let stream = try await leaseKeepAlive()
            defer { stream.cancel() }
            try await stream.send(request)
            var responses = stream.responses.makeAsyncIterator()
            guard let response = try await responses.next() else {
                throw StoreError.unavailable("the keep-alive stream ended without an answer")
            }
            return response
        }
        guard response.ttl > 0 else { throw StoreError.leaseNotFound }
        return (response.ttl, response.header.revision)
    }

    public func leaseTimeToLive(_ id: LeaseID, keys: Bool) async throws -> LeaseTimeToLiveResponse {
        var request = Etcdserverpb_LeaseTimeToLiveRequest()
        request.id = id
        request.keys = keys
        return try await storeCall { LeaseTimeToLiveResponse(protobuf: try await leaseTimeToLive(request)) }
    }

    /// Lists the live leases, sorted by ID as brain's engine lists them.
    public func leases() async throws -> [LeaseID] {
        try await storeCall { try await leaseLeases().leases.map(\.id).sorted() }
    }

    /// Runs one call, turning its failure into a ``StoreError`` (or `CancellationError` when the
    /// caller was cancelled).
    private func storeCall<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw StoreError(rpcFailure: error)
        }
    }
}
