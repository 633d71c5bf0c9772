public import EtcdWire
import SwiftProtobuf
public import WharfGRPC

/// A client for the etcd v3 gRPC API (a real etcd or `wharf brain`) on one connection, speaking
/// etcd's wire messages, and a `KeyValueStore` speaking StoreCore's (see
/// `EtcdClient+KeyValueStore.swift`).
///
/// After ``authenticate(name:password:)`` every call carries the token, as etcd's clients do. The
/// client does not reconnect: once the connection is lost, calls fail and the owner connects again.
///
/// ```swift
/// let etcd = try await EtcdClient.connect(host: "127.0.0.1", port: 2379)
/// var put = Etcdserverpb_PutRequest()
/// put.key = Data("greeting".utf8)
/// put.value = Data("hello".utf8)
/// let revision = try await etcd.put(put).header.revision
/// ```
public final class EtcdClient: Sendable {
    private let connection: GRPCClient
    /// The token every call carries (from ``authenticate(name:password:)``), if any.
    public let token: String?

    private init(connection: GRPCClient, token: String?) {
        self.connection = connection
        self.token = token
    }

    /// Connects to an etcd v3 endpoint.
    public static func connect(host: String, port: Int, tls: GRPCClientTLS? = nil) async throws -> EtcdClient {
        EtcdClient(connection: try await GRPCClient.connect(host: host, port: port, tls: tls), token: nil)
    }

    /// Connects, runs `body` with the client, and closes the connection however `body` ends.
    public static func withConnection<Result: Sendable>(
        host: String, port: Int, tls: GRPCClientTLS? = nil, _ body: (EtcdClient) async throws -> Result
    ) async throws -> Result {
        let client = try await connect(host: host, port: port, tls: tls)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Authenticates as a user; the returned client (on the same connection) sends the token.
    public func authenticate(name: String, password: String) async throws -> EtcdClient {
        var request = Etcdserverpb_AuthenticateRequest()
        request.name = name
        request.password = password
        let response: Etcdserverpb_AuthenticateResponse = try await call("Auth", "Authenticate", request)
        return EtcdClient(connection: connection, token: response.token)
    }

    /// A client on the same connection that sends `token`, which another endpoint may have issued
    /// (etcd accepts a member's tokens on every member).
    public func using(token: String?) -> EtcdClient {
        EtcdClient(connection: connection, token: token)
    }

    /// Closes the connection.
    public func close() async {
        await connection.close()
    }

    private var metadata: [(String, String)] { token.map { [("token", $0)] } ?? [] }

    private func call<Request: Sendable, Response: Sendable>(
        _ service: String, _ method: String, _ request: Request
    ) async throws -> Response where Request: Message, Response: Message {
        try await connection.unary("/etcdserverpb.\(service)/\(method)", request, metadata: metadata)
    }

    // MARK: KV

    /// `KV.Range`: reads keys.
    public func range(_ request: Etcdserverpb_RangeRequest) async throws -> Etcdserverpb_RangeResponse {
        try await call("KV", "Range", request)
    }

    /// `KV.Put`: writes a key.
    public func put(_ request: Etcdserverpb_PutRequest) async throws -> Etcdserverpb_PutResponse {
        try await call("KV", "Put", request)
    }

    /// `KV.DeleteRange`: deletes keys.
    public func deleteRange(_ request: Etcdserverpb_DeleteRangeRequest) async throws -> Etcdserverpb_DeleteRangeResponse {
        try await call("KV", "DeleteRange", request)
    }

    /// `KV.Txn`: compares, then runs one branch of operations in one revision.
    public func txn(_ request: Etcdserverpb_TxnRequest) async throws -> Etcdserverpb_TxnResponse {
        try await call("KV", "Txn", request)
    }

    /// `KV.Compact`: drops history before a revision.
    public func compact(_ request: Etcdserverpb_CompactionRequest) async throws -> Etcdserverpb_CompactionResponse {
        try await call("KV", "Compact", request)
    }

    // MARK: Watch

    /// Opens a watch stream; send create, cancel and progress requests on it.
    public func watch() async throws -> GRPCClientStream<Etcdserverpb_WatchRequest, Etcdserverpb_WatchResponse> {
        try await connection.bidirectionalStream("/etcdserverpb.Watch/Watch", metadata: metadata)
    }

    // MARK: Lease

    /// `Lease.LeaseGrant`.
    public func leaseGrant(_ request: Etcdserverpb_LeaseGrantRequest) async throws -> Etcdserverpb_LeaseGrantResponse {
        try await call("Lease", "LeaseGrant", request)
    }

    /// `Lease.LeaseRevoke`: ends a lease and deletes its keys.
    public func leaseRevoke(_ request: Etcdserverpb_LeaseRevokeRequest) async throws -> Etcdserverpb_LeaseRevokeResponse {
        try await call("Lease", "LeaseRevoke", request)
    }

    /// `Lease.LeaseTimeToLive`: a lease's remaining time (and keys, if asked).
    public func leaseTimeToLive(
        _ request: Etcdserverpb_LeaseTimeToLiveRequest
    ) async throws -> Etcdserverpb_LeaseTimeToLiveResponse {
        try await call("Lease", "LeaseTimeToLive", request)
    }

    /// `Lease.LeaseLeases`: every lease's ID.
    public func leaseLeases() async throws -> Etcdserverpb_LeaseLeasesResponse {
        try await call("Lease", "LeaseLeases", Etcdserverpb_LeaseLeasesRequest())
    }

    /// Opens a keep-alive stream; send a request per renewal.
    public func leaseKeepAlive() async throws -> GRPCClientStream<
        Etcdserverpb_LeaseKeepAliveRequest, Etcdserverpb_LeaseKeepAliveResponse
    > {
        try await connection.bidirectionalStream("/etcdserverpb.Lease/LeaseKeepAlive", metadata: metadata)
    }

    // MARK: Maintenance and cluster

    /// `Maintenance.Status`: the member's version, revision, size and alarms.
    public func status() async throws -> Etcdserverpb_StatusResponse {
        try await call("Maintenance", "Status", Etcdserverpb_StatusRequest())
    }

    /// `Maintenance.Alarm`: raises, disarms or lists (`.get`) alarms.
    public func alarm(
        _ action: Etcdserverpb_AlarmRequest.AlarmAction, _ alarm: Etcdserverpb_AlarmType
    ) async throws -> Etcdserverpb_AlarmResponse {
        var request = Etcdserverpb_AlarmRequest()
        request.action = action
        request.alarm = alarm
        return try await call("Maintenance", "Alarm", request)
    }

    /// The hash of the key-value history up to `revision` (0: the current one).
    public func hashKV(revision: Int64) async throws -> Etcdserverpb_HashKVResponse {
        var request = Etcdserverpb_HashKVRequest()
        request.revision = revision
        return try await call("Maintenance", "HashKV", request)
    }

    /// `Cluster.MemberList`.
    public func memberList() async throws -> Etcdserverpb_MemberListResponse {
        try await call("Cluster", "MemberList", Etcdserverpb_MemberListRequest())
    }
}
