public import EtcdWire
public import WharfGRPC
public import StoreCore

/// etcd's Lease service (`etcdserverpb.Lease`).
public struct LeaseService: Sendable {
    let store: any KeyValueStore
    let gate: AuthGate
    let maintenance: any StoreMaintenance
    let member: EtcdMember

    public init(store: any KeyValueStore, gate: AuthGate, maintenance: any StoreMaintenance, member: EtcdMember) {
        self.store = store
        self.gate = gate
        self.maintenance = maintenance
        self.member = member
    }

    private func currentHeader() async throws -> Etcdserverpb_ResponseHeader {
        member.header(try await maintenance.status().revision)
    }

    public func leaseGrant(
        request: Etcdserverpb_LeaseGrantRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_LeaseGrantResponse {
        let granted = try await store.leaseGrant(ttl: request.ttl, id: request.id)
        var response = Etcdserverpb_LeaseGrantResponse()
        response.header = member.header(granted.revision)
        response.id = granted.id
        response.ttl = granted.ttl
        return response
    }

    public func leaseRevoke(
        request: Etcdserverpb_LeaseRevokeRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_LeaseRevokeResponse {
        // Revoking deletes the attached keys, so it needs write permission on each.
        let attached = try await store.leaseTimeToLive(request.id, keys: true).keys
        try await gate.require(attached.map { KeyRange(key: $0) }, write: true)
        let revision = try await store.leaseRevoke(request.id)
        var response = Etcdserverpb_LeaseRevokeResponse()
        response.header = member.header(revision)
        return response
    }

    public func leaseKeepAlive(
        request: GRPCMessageStream<Etcdserverpb_LeaseKeepAliveRequest>,
        response: GRPCResponseWriter<Etcdserverpb_LeaseKeepAliveResponse>,
        context: GRPCCallContext
    ) async throws {
        for try await keepAlive in request {
            var answer = Etcdserverpb_LeaseKeepAliveResponse()
            answer.id = keepAlive.id
            do {
                let renewed = try await store.leaseKeepAlive(keepAlive.id)
                answer.ttl = renewed.ttl
                answer.header = member.header(renewed.revision)
            } catch StoreError.leaseNotFound {
                // etcd answers an unknown lease with TTL 0 rather than an error.
                answer.ttl = 0
                answer.header = try await currentHeader()
            }
            try await response.write(answer)
        }
    }

    public func leaseTimeToLive(
        request: Etcdserverpb_LeaseTimeToLiveRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_LeaseTimeToLiveResponse {
        let info = try await store.leaseTimeToLive(request.id, keys: request.keys)
        var response = Etcdserverpb_LeaseTimeToLiveResponse()
        response.header = member.header(info.revision)
        response.id = info.id
        response.ttl = info.ttl
        response.grantedTtl = info.grantedTTL
        response.keys = info.keys
        return response
    }

    public func leaseLeases(
        request: Etcdserverpb_LeaseLeasesRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_LeaseLeasesResponse {
        var response = Etcdserverpb_LeaseLeasesResponse()
        response.leases = try await store.leases().map { id in
            var status = Etcdserverpb_LeaseStatus()
            status.id = id
            return status
        }
        response.header = try await currentHeader()
        return response
    }
}

extension LeaseService {
    /// Adds `etcdserverpb.Lease` to a router.
    public func register(in router: inout GRPCRouter) {
        let service = "etcdserverpb.Lease"
        router.addUnary(service: service, method: "LeaseGrant", leaseGrant)
        router.addUnary(service: service, method: "LeaseRevoke", leaseRevoke)
        router.addBidirectionalStreaming(service: service, method: "LeaseKeepAlive", leaseKeepAlive)
        router.addUnary(service: service, method: "LeaseTimeToLive", leaseTimeToLive)
        router.addUnary(service: service, method: "LeaseLeases", leaseLeases)
    }
}
