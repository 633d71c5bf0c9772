public import EtcdWire
public import WharfGRPC
public import StoreCore

/// etcd's Cluster service (`etcdserverpb.Cluster`). A brain member is not a raft peer: the
/// membership is the store's live nodes when several share it (``StoreMembership``), else this
/// member alone, and membership changes are refused.
public struct ClusterService: Sendable {
    let maintenance: any StoreMaintenance
    let membership: (any StoreMembership)?
    let member: EtcdMember

    public init(maintenance: any StoreMaintenance, membership: (any StoreMembership)? = nil, member: EtcdMember) {
        self.maintenance = maintenance
        self.membership = membership
        self.member = member
    }

    private static let membershipRefused = GRPCStatus(
        code: .failedPrecondition,
        message: "etcdserver: brain membership is not managed through the etcd API; start or stop brain nodes instead"
    )

    public func memberAdd(request: Etcdserverpb_MemberAddRequest, context: GRPCCallContext) async throws -> Etcdserverpb_MemberAddResponse {
        throw Self.membershipRefused
    }

    public func memberRemove(
        request: Etcdserverpb_MemberRemoveRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_MemberRemoveResponse {
        throw Self.membershipRefused
    }

    public func memberUpdate(
        request: Etcdserverpb_MemberUpdateRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_MemberUpdateResponse {
        throw Self.membershipRefused
    }

    public func memberList(request: Etcdserverpb_MemberListRequest, context: GRPCCallContext) async throws -> Etcdserverpb_MemberListResponse {
        var response = Etcdserverpb_MemberListResponse()
        response.header = member.header(try await maintenance.status().revision)
        if let membership {
            response.members = try await membership.members().map { live in
                var wire = Etcdserverpb_Member()
                wire.id = live.id
                wire.name = live.name
                wire.clientUrls = live.clientURLs
                return wire
            }
        } else {
            response.members = [member.wire]
        }
        return response
    }

    public func memberPromote(
        request: Etcdserverpb_MemberPromoteRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_MemberPromoteResponse {
        throw Self.membershipRefused
    }
}

extension ClusterService {
    /// Adds `etcdserverpb.Cluster` to a router.
    public func register(in router: inout GRPCRouter) {
        let service = "etcdserverpb.Cluster"
        router.addUnary(service: service, method: "MemberAdd", memberAdd)
        router.addUnary(service: service, method: "MemberRemove", memberRemove)
        router.addUnary(service: service, method: "MemberUpdate", memberUpdate)
        router.addUnary(service: service, method: "MemberList", memberList)
        router.addUnary(service: service, method: "MemberPromote", memberPromote)
    }
}
