public import EtcdWire
public import WharfGRPC
public import StoreCore

/// etcd's Auth service (`etcdserverpb.Auth`): users, roles, permissions and tokens. While auth is
/// enabled every management call needs the root role.
public struct AuthService: Sendable {
    let gate: AuthGate
    let maintenance: any StoreMaintenance
    let member: EtcdMember

    public init(gate: AuthGate, maintenance: any StoreMaintenance, member: EtcdMember) {
        self.gate = gate
        self.maintenance = maintenance
        self.member = member
    }

    private func header() async throws -> Etcdserverpb_ResponseHeader {
        member.header(try await maintenance.status().revision)
    }

    /// Runs an admin-only change of the auth state and answers with a header.
    private func change<Response: Etcdserverpb_HeaderCarrying>(
        _ body: (inout AuthState) throws(StoreError) -> Void
    ) async throws -> Response {
        try await gate.requireAdmin()
        try await gate.store.updateAuth(body)
        var response = Response()
        response.header = try await header()
        return response
    }

    public func authEnable(request: Etcdserverpb_AuthEnableRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthEnableResponse {
        try await change { state throws(StoreError) in try state.enable() }
    }

    public func authDisable(request: Etcdserverpb_AuthDisableRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthDisableResponse {
        try await change { state in state.disable() }
    }

    public func authStatus(request: Etcdserverpb_AuthStatusRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthStatusResponse {
        let state = try await gate.store.authState()
        var response = Etcdserverpb_AuthStatusResponse()
        response.header = try await header()
        response.enabled = state.isEnabled
        response.authRevision = state.revision
        return response
    }

    public func authenticate(request: Etcdserverpb_AuthenticateRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthenticateResponse {
        var response = Etcdserverpb_AuthenticateResponse()
        response.token = try await gate.authenticate(name: request.name, password: request.password)
        response.header = try await header()
        return response
    }

    public func userAdd(request: Etcdserverpb_AuthUserAddRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthUserAddResponse {
        let noPassword = request.options.noPassword
        if !noPassword && request.password.isEmpty && !request.hashedPassword.isEmpty {
            throw GRPCStatus(code: .invalidArgument, message: "etcdserver: brain does not accept pre-hashed passwords")
        }
        let hash = noPassword ? [] : PasswordHash.make(request.password)
        return try await change { state throws(StoreError) in
            try state.addUser(request.name, passwordHash: hash, noPassword: noPassword)
        }
    }

    public func userGet(request: Etcdserverpb_AuthUserGetRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthUserGetResponse {
        try await gate.requireAdmin()
        guard let user = try await gate.store.authState().users[request.name] else { throw StoreError.userNotFound }
        var response = Etcdserverpb_AuthUserGetResponse()
        response.header = try await header()
        response.roles = user.roles
        return response
    }

    public func userList(request: Etcdserverpb_AuthUserListRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthUserListResponse {
        try await gate.requireAdmin()
        var response = Etcdserverpb_AuthUserListResponse()
        response.header = try await header()
        response.users = try await gate.store.authState().users.keys.sorted()
        return response
    }

    public func userDelete(request: Etcdserverpb_AuthUserDeleteRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthUserDeleteResponse {
        try await change { state throws(StoreError) in try state.deleteUser(request.name) }
    }

    public func userChangePassword(
        request: Etcdserverpb_AuthUserChangePasswordRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_AuthUserChangePasswordResponse {
        let hash = PasswordHash.make(request.password)
        return try await change { state throws(StoreError) in try state.changePassword(request.name, passwordHash: hash) }
    }

    public func userGrantRole(request: Etcdserverpb_AuthUserGrantRoleRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthUserGrantRoleResponse {
        try await change { state throws(StoreError) in try state.grantRole(request.role, to: request.user) }
    }

    public func userRevokeRole(request: Etcdserverpb_AuthUserRevokeRoleRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthUserRevokeRoleResponse {
        try await change { state throws(StoreError) in try state.revokeRole(request.role, from: request.name) }
    }

    public func roleAdd(request: Etcdserverpb_AuthRoleAddRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthRoleAddResponse {
        try await change { state throws(StoreError) in try state.addRole(request.name) }
    }

    public func roleGet(request: Etcdserverpb_AuthRoleGetRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthRoleGetResponse {
        try await gate.requireAdmin()
        guard let role = try await gate.store.authState().roles[request.role] else { throw StoreError.roleNotFound }
        var response = Etcdserverpb_AuthRoleGetResponse()
        response.header = try await header()
        response.perm = role.permissions.map { permission in
            var wire = Authpb_Permission()
            wire.permType = Authpb_Permission.TypeEnum(rawValue: permission.kind.rawValue) ?? .read
            wire.key = permission.range.start
            wire.rangeEnd = permission.range.end
            return wire
        }
        return response
    }

    public func roleList(request: Etcdserverpb_AuthRoleListRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthRoleListResponse {
        try await gate.requireAdmin()
        var response = Etcdserverpb_AuthRoleListResponse()
        response.header = try await header()
        response.roles = try await gate.store.authState().roles.keys.sorted()
        return response
    }

    public func roleDelete(request: Etcdserverpb_AuthRoleDeleteRequest, context: GRPCCallContext) async throws -> Etcdserverpb_AuthRoleDeleteResponse {
        try await change { state throws(StoreError) in try state.deleteRole(request.role) }
    }

    public func roleGrantPermission(
        request: Etcdserverpb_AuthRoleGrantPermissionRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_AuthRoleGrantPermissionResponse {
        let kind = Permission.Kind(rawValue: request.perm.permType.rawValue) ?? .read
        let permission = Permission(kind: kind, range: KeyRange(key: request.perm.key, rangeEnd: request.perm.rangeEnd))
        return try await change { state throws(StoreError) in try state.grant(permission, to: request.name) }
    }

    public func roleRevokePermission(
        request: Etcdserverpb_AuthRoleRevokePermissionRequest, context: GRPCCallContext
    ) async throws -> Etcdserverpb_AuthRoleRevokePermissionResponse {
        let range = KeyRange(key: request.key, rangeEnd: request.rangeEnd)
        return try await change { state throws(StoreError) in try state.revoke(range, from: request.role) }
    }
}

/// The Auth service's responses that carry nothing but a header.
protocol Etcdserverpb_HeaderCarrying {
    init()
    var header: Etcdserverpb_ResponseHeader { get set }
}

extension Etcdserverpb_AuthEnableResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthDisableResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthUserAddResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthUserDeleteResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthUserChangePasswordResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthUserGrantRoleResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthUserRevokeRoleResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthRoleAddResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthRoleDeleteResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthRoleGrantPermissionResponse: Etcdserverpb_HeaderCarrying {}
extension Etcdserverpb_AuthRoleRevokePermissionResponse: Etcdserverpb_HeaderCarrying {}

extension AuthService {
    /// Adds `etcdserverpb.Auth` to a router. Password hashing runs on the global executor, off the
    /// connections' event loops.
    public func register(in router: inout GRPCRouter) {
        let service = "etcdserverpb.Auth"
        router.addUnary(service: service, method: "AuthEnable", authEnable)
        router.addUnary(service: service, method: "AuthDisable", authDisable)
        router.addUnary(service: service, method: "AuthStatus", authStatus)
        router.addUnary(service: service, method: "Authenticate", executor: .global, authenticate)
        router.addUnary(service: service, method: "UserAdd", executor: .global, userAdd)
        router.addUnary(service: service, method: "UserGet", userGet)
        router.addUnary(service: service, method: "UserList", userList)
        router.addUnary(service: service, method: "UserDelete", userDelete)
        router.addUnary(service: service, method: "UserChangePassword", executor: .global, userChangePassword)
        router.addUnary(service: service, method: "UserGrantRole", userGrantRole)
        router.addUnary(service: service, method: "UserRevokeRole", userRevokeRole)
        router.addUnary(service: service, method: "RoleAdd", roleAdd)
        router.addUnary(service: service, method: "RoleGet", roleGet)
        router.addUnary(service: service, method: "RoleList", roleList)
        router.addUnary(service: service, method: "RoleDelete", roleDelete)
        router.addUnary(service: service, method: "RoleGrantPermission", roleGrantPermission)
        router.addUnary(service: service, method: "RoleRevokePermission", roleRevokePermission)
    }
}
