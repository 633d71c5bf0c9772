public import EtcdWire
public import WharfGRPC
public import StoreCore
import Foundation

/// etcd's Maintenance service (`etcdserverpb.Maintenance`): status, alarms, defragmentation and
/// hashes.
public struct MaintenanceService: Sendable {
    let maintenance: any StoreMaintenance
    let gate: AuthGate
    let membership: (any StoreMembership)?
    let member: EtcdMember

    /// - Parameter membership: the store's members and leader when several nodes share it; nil
    ///   reports this member as the leader.
    public init(maintenance: any StoreMaintenance, gate: AuthGate, membership: (any StoreMembership)? = nil, member: EtcdMember) {
        self.maintenance = maintenance
        self.gate = gate
        self.membership = membership
        self.member = member
    }

    public func alarm(request: Etcdserverpb_AlarmRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AlarmResponse {
        let alarm: Alarm? =
            switch request.alarm {
            case .nospace: .noSpace
            case .corrupt: .corrupt
            default: nil
            }
        switch request.action {
        case .activate: if let alarm { try await maintenance.activate(alarm) }
        case .deactivate: if let alarm { try await maintenance.deactivate(alarm) }
        default: break
        }
        let status = try await maintenance.status()
        var response = Etcdserverpb_AlarmResponse()
        response.header = member.header(status.revision)
        response.alarms = status.alarms.sorted { $0.wire.rawValue < $1.wire.rawValue }
            .filter { request.action != .get || request.alarm == .none || $0.wire == request.alarm }
            .map { alarm in
                var entry = Etcdserverpb_AlarmMember()
                entry.memberID = member.memberID
                entry.alarm = alarm.wire
                return entry
            }
        return response
    }

    public func status(request: Etcdserverpb_StatusRequest, context: GRPCCallContext) async throws -> Etcdserverpb_StatusResponse {
        let status = try await maintenance.status()
        var response = Etcdserverpb_StatusResponse()
        response.header = member.header(status.revision)
        response.version = member.serverVersion
        response.dbSize = status.sizeInBytes
        response.dbSizeInUse = status.sizeInUseBytes
        // etcd reports 0 while there is no leader.
        response.leader = membership.map { $0.leaderID ?? 0 } ?? member.memberID
        response.raftIndex = status.commitIndex
        response.raftAppliedIndex = status.commitIndex
        response.raftTerm = member.currentTerm
        response.errors = status.alarms.map { "memberID:\(member.memberID) alarm:\($0.wire)" }.sorted()
        return response
    }

    public func defragment(
        request: Etcdserverpb_DefragmentRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_DefragmentResponse {
        try await gate.requireAdmin()
        try await maintenance.defragment()
        var response = Etcdserverpb_DefragmentResponse()
        response.header = member.header(try await maintenance.status().revision)
        return response
    }

    public func hash(request: Etcdserverpb_HashRequest, context: GRPCCallContext) async throws -> Etcdserverpb_HashResponse {
        try await gate.requireAdmin()
        let result = try await maintenance.hashKV(revision: 0)
        var response = Etcdserverpb_HashResponse()
        response.header = member.header(result.revision)
        response.hash = result.hash
        return response
    }

    public func hashKV(request: Etcdserverpb_HashKVRequest, context: GRPCCallContext) async throws -> Etcdserverpb_HashKVResponse {
        try await gate.requireAdmin()
        let result = try await maintenance.hashKV(revision: request.revision)
        var response = Etcdserverpb_HashKVResponse()
        response.header = member.header(result.revision)
        response.hash = result.hash
        response.compactRevision = result.compactRevision
        return response
    }

    public func snapshot(
        request: Etcdserverpb_SnapshotRequest,
        response: GRPCResponseWriter<Etcdserverpb_SnapshotResponse>,
        context: GRPCCallContext
    ) async throws {
        try await gate.requireAdmin()
        // The file goes to a temporary file first: etcd's stream announces the bytes remaining
        // in every message, and the whole file never has to sit in memory.
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("wharf-snapshot-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: url) }
        let revision = try await maintenance.writeEtcdSnapshot(to: url)
        let file = try FileHandle(forReadingFrom: url)
        defer { try? file.close() }
        let size = try file.seekToEnd()
        try file.seek(toOffset: 0)
        var sent: UInt64 = 0
        repeat {
            var chunk = Etcdserverpb_SnapshotResponse()
            if sent == 0 { chunk.header = member.header(revision) }
            chunk.blob = try file.read(upToCount: Self.snapshotChunkBytes) ?? Data()
            guard !chunk.blob.isEmpty || size == 0 else {
                throw GRPCStatus(code: .internalError, message: "snapshot file ended early")
            }
            sent += UInt64(chunk.blob.count)
            chunk.remainingBytes = size - sent
            try await response.write(chunk)
        } while sent < size
    }

    /// Bytes per snapshot message, as etcd sends them.
    static let snapshotChunkBytes = 32 * 1024

    public func moveLeader(
        request: Etcdserverpb_MoveLeaderRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_MoveLeaderResponse {
        throw GRPCStatus(code: .failedPrecondition, message: "etcdserver: bad leader transferee")
    }

    public func downgrade(
        request: Etcdserverpb_DowngradeRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_DowngradeResponse {
        throw GRPCStatus(code: .unimplemented, message: "etcdserver: downgrade is not supported by brain")
    }
}

extension MaintenanceService {
    /// Adds `etcdserverpb.Maintenance` to a router. The methods that read the whole store run on
    /// the global executor so that they never hold up a connection's event loop.
    public func register(in router: inout GRPCRouter) {
        let service = "etcdserverpb.Maintenance"
        router.addUnary(service: service, method: "Alarm", alarm)
        router.addUnary(service: service, method: "Status", status)
        router.addUnary(service: service, method: "Defragment", executor: .global, defragment)
        router.addUnary(service: service, method: "Hash", executor: .global, hash)
        router.addUnary(service: service, method: "HashKV", executor: .global, hashKV)
        router.addServerStreaming(service: service, method: "Snapshot", executor: .global, snapshot)
        router.addUnary(service: service, method: "MoveLeader", moveLeader)
        router.addUnary(service: service, method: "Downgrade", downgrade)
    }
}

extension Alarm {
    var wire: Etcdserverpb_AlarmType {
        switch self {
        case .noSpace: .nospace
        case .corrupt: .corrupt
        }
    }
}
