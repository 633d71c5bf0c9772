public import EtcdWire
public import WharfGRPC
public import StoreCore

/// etcd's KV service (`etcdserverpb.KV`) over any ``KeyValueStore``.
public struct KVService: Sendable {
    let store: any KeyValueStore
    let gate: AuthGate
    let member: EtcdMember
    let maxRequestBytes: Int
    let maxReceiveBytes: Int

    /// Creates the service.
    /// - Parameters:
    ///   - store: serves the requests.
    ///   - gate: checks the caller's permissions while auth is enabled.
    ///   - member: fills response headers.
    ///   - maxRequestBytes: the largest put or transaction accepted (etcd's `--max-request-bytes`).
    ///   - maxReceiveBytes: the largest message accepted at all (gRPC's limit in etcd).
    public init(store: any KeyValueStore, gate: AuthGate, member: EtcdMember, maxRequestBytes: Int, maxReceiveBytes: Int) {
        self.maxReceiveBytes = maxReceiveBytes
        self.store = store
        self.gate = gate
        self.member = member
        self.maxRequestBytes = maxRequestBytes
    }

    public func range(
        request: Etcdserverpb_RangeRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_RangeResponse {
        if request.key.isEmpty { throw StoreError.emptyKey }
        let range = RangeRequest(wire: request)
        try await gate.require([range.range], write: false)
        let response = try await store.range(range)
        return response.wire(member.header(response.revision))
    }

    public func put(request: Etcdserverpb_PutRequest, context: GRPCCallContext) async throws -> Etcdserverpb_PutResponse {
        try RequestSize.check(RequestSize.of(request), limit: maxRequestBytes, receiveLimit: maxReceiveBytes)
        try await gate.require([KeyRange(key: request.key)], write: true)
        let response = try await store.put(PutRequest(wire: request))
        return response.wire(member.header(response.revision))
    }

    public func deleteRange(
        request: Etcdserverpb_DeleteRangeRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_DeleteRangeResponse {
        let delete = DeleteRangeRequest(wire: request)
        try await gate.require([delete.range], write: true)
        let response = try await store.deleteRange(delete)
        return response.wire(member.header(response.revision))
    }

    public func txn(request: Etcdserverpb_TxnRequest, context: GRPCCallContext) async throws -> Etcdserverpb_TxnResponse {
        try RequestSize.check(RequestSize.of(request), limit: maxRequestBytes, receiveLimit: maxReceiveBytes)
        let txn = TxnRequest(wire: request)
        try await gate.require(txn)
        let response = try await store.txn(txn)
        return response.wire(member.header(response.revision))
    }

    public func compact(
        request: Etcdserverpb_CompactionRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_CompactionResponse {
        try await gate.require([], write: false)
        let revision = try await store.compact(revision: request.revision, physical: request.physical)
        var response = Etcdserverpb_CompactionResponse()
        response.header = member.header(revision)
        return response
    }
}

extension KVService {
    /// Adds `etcdserverpb.KV` to a router.
    public func register(in router: inout GRPCRouter) {
        let service = "etcdserverpb.KV"
        router.addUnary(service: service, method: "Range", range)
        router.addUnary(service: service, method: "Put", put)
        router.addUnary(service: service, method: "DeleteRange", deleteRange)
        router.addUnary(service: service, method: "Txn", txn)
        router.addUnary(service: service, method: "Compact", compact)
    }
}
