public import EtcdWire
public import GRPCCore
public import StoreCore

/// etcd's KV service (`etcdserverpb.KV`) over any ``KeyValueStore``.
public struct KVService: Etcdserverpb_KV.SimpleServiceProtocol {
    let store: any KeyValueStore
    let member: EtcdMember
    let maxRequestBytes: Int

    /// Creates the service.
    /// - Parameters:
    ///   - store: serves the requests.
    ///   - member: fills response headers.
    ///   - maxRequestBytes: the largest put or transaction accepted (etcd's `--max-request-bytes`).
    public init(store: any KeyValueStore, member: EtcdMember, maxRequestBytes: Int) {
        self.store = store
        self.member = member
        self.maxRequestBytes = maxRequestBytes
    }

    public func range(
        request: Etcdserverpb_RangeRequest, context: ServerContext
    ) async throws -> Etcdserverpb_RangeResponse {
        if request.key.isEmpty { throw StoreError.emptyKey }
        let response = try await store.range(RangeRequest(wire: request))
        return response.wire(member.header(response.revision))
    }

    public func put(request: Etcdserverpb_PutRequest, context: ServerContext) async throws -> Etcdserverpb_PutResponse {
        try RequestSize.check(RequestSize.of(request), limit: maxRequestBytes)
        let response = try await store.put(PutRequest(wire: request))
        return response.wire(member.header(response.revision))
    }

    public func deleteRange(
        request: Etcdserverpb_DeleteRangeRequest, context: ServerContext
    ) async throws -> Etcdserverpb_DeleteRangeResponse {
        let response = try await store.deleteRange(DeleteRangeRequest(wire: request))
        return response.wire(member.header(response.revision))
    }

    public func txn(request: Etcdserverpb_TxnRequest, context: ServerContext) async throws -> Etcdserverpb_TxnResponse {
        try RequestSize.check(RequestSize.of(request), limit: maxRequestBytes)
        let response = try await store.txn(TxnRequest(wire: request))
        return response.wire(member.header(response.revision))
    }

    public func compact(
        request: Etcdserverpb_CompactionRequest, context: ServerContext
    ) async throws -> Etcdserverpb_CompactionResponse {
        let revision = try await store.compact(revision: request.revision, physical: request.physical)
        var response = Etcdserverpb_CompactionResponse()
        response.header = member.header(revision)
        return response
    }
}
