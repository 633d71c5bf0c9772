public import Foundation

/// The store's users, roles and permissions, and whether authentication is on, with etcd's rules
/// for changing them. A pure value: the store persists it, the edge enforces it.
public struct AuthState: Sendable, Hashable {
    /// The administrator account etcd requires before auth can be enabled.
    public static let rootUser = "root"
    /// The role that grants everything.
    public static let rootRole = "root"

    public private(set) var isEnabled = false
    /// Increases with every change, so clients can tell their view is stale.
    public private(set) var revision: UInt64 = 1
    public private(set) var users: [String: AuthUser] = [:]
    public private(set) var roles: [String: AuthRole] = [:]

    public init() {}

    /// Restores a persisted state.
    public init(isEnabled: Bool, revision: UInt64, users: [AuthUser], roles: [AuthRole]) {
        self.isEnabled = isEnabled
        self.revision = revision
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.roles = Dictionary(roles.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    private mutating func changed() {
        revision += 1
    }

    // MARK: Switching auth on and off

    /// Turns authentication on; needs a `root` user holding the `root` role.
    public mutating func enable() throws(StoreError) {
        guard !isEnabled else { return }
        guard let root = users[Self.rootUser] else { throw .rootUserNotExist }
        guard root.roles.contains(Self.rootRole) else { throw .rootRoleNotExist }
        isEnabled = true
        changed()
    }

    /// Turns authentication off.
    public mutating func disable() {
        guard isEnabled else { return }
        isEnabled = false
        changed()
    }

    // MARK: Users

    /// Adds a user with a password hash (empty with `noPassword`).
    public mutating func addUser(_ name: String, passwordHash: [UInt8], noPassword: Bool) throws(StoreError) {
        if name.isEmpty { throw .userEmpty }
        if users[name] != nil { throw .userAlreadyExists }
        users[name] = AuthUser(name: name, passwordHash: passwordHash, noPassword: noPassword)
        changed()
    }

    public mutating func deleteUser(_ name: String) throws(StoreError) {
        if isEnabled && name == Self.rootUser { throw .invalidAuthManagement }
        guard users.removeValue(forKey: name) != nil else { throw .userNotFound }
        changed()
    }

    public mutating func changePassword(_ name: String, passwordHash: [UInt8]) throws(StoreError) {
        guard users[name] != nil else { throw .userNotFound }
        users[name]?.passwordHash = passwordHash
        changed()
    }

    public mutating func grantRole(_ role: String, to name: String) throws(StoreError) {
        guard var user = users[name] else { throw .userNotFound }
        if role != Self.rootRole && roles[role] == nil { throw .roleNotFound }
        guard !user.roles.contains(role) else { return }
        user.roles = (user.roles + [role]).sorted()
        users[name] = user
        changed()
    }

    public mutating func revokeRole(_ role: String, from name: String) throws(StoreError) {
        if isEnabled && name == Self.rootUser && role == Self.rootRole { throw .invalidAuthManagement }
        guard var user = users[name] else { throw .userNotFound }
        guard let index = user.roles.firstIndex(of: role) else { throw .roleNotGranted }
        user.roles.remove(at: index)
        users[name] = user
        changed()
    }

    // MARK: Roles

    public mutating func addRole(_ name: String) throws(StoreError) {
        if name.isEmpty { throw .roleEmpty }
        if roles[name] != nil { throw .roleAlreadyExists }
        roles[name] = AuthRole(name: name)
        changed()
    }

    public mutating func deleteRole(_ name: String) throws(StoreError) {
        if isEnabled && name == Self.rootRole { throw .invalidAuthManagement }
        guard roles.removeValue(forKey: name) != nil else { throw .roleNotFound }
        for (userName, user) in users where user.roles.contains(name) {
            users[userName]?.roles.removeAll { $0 == name }
        }
        changed()
    }

    /// Grants a permission, replacing one on the same key and range.
    public mutating func grant(_ permission: Permission, to name: String) throws(StoreError) {
        guard var role = roles[name] else { throw .roleNotFound }
        role.permissions.removeAll { $0.range == permission.range }
        role.permissions.append(permission)
        role.permissions.sort {
            let order = KeyOrder.compare($0.range.start, $1.range.start)
            return order != 0 ? order < 0 : KeyOrder.less($0.range.end, $1.range.end)
        }
        roles[name] = role
        changed()
    }

    public mutating func revoke(_ range: KeyRange, from name: String) throws(StoreError) {
        guard var role = roles[name] else { throw .roleNotFound }
        guard let index = role.permissions.firstIndex(where: { $0.range == range }) else {
            throw .permissionNotGranted
        }
        role.permissions.remove(at: index)
        roles[name] = role
        changed()
    }

    // MARK: Checks

    /// Whether `user` holds the root role.
    public func isAdmin(_ user: String) -> Bool {
        users[user]?.roles.contains(Self.rootRole) == true
    }

    /// Whether `user` may read (or write) every key of `range`: the union of the user's matching
    /// permissions must cover it.
    public func permits(_ user: String, range: KeyRange, write: Bool) -> Bool {
        guard let account = users[user] else { return false }
        if account.roles.contains(Self.rootRole) { return true }
        let granted = account.roles.compactMap { roles[$0] }.flatMap(\.permissions)
            .filter { write ? $0.kind.allowsWrite : $0.kind.allowsRead }
            .map { Interval($0.range) }
            .sorted { KeyOrder.less($0.start, $1.start) }
        let wanted = Interval(range)
        var covered = wanted.start
        for interval in granted {
            guard KeyOrder.compare(interval.start, covered) <= 0 else { break }
            guard let end = interval.end else { return true }
            if KeyOrder.less(covered, end) { covered = end }
            if let wantedEnd = wanted.end, !KeyOrder.less(covered, wantedEnd) { return true }
        }
        return false
    }

    /// A half-open key interval; a nil end is unbounded.
    private struct Interval {
        var start: Data
        var end: Data?

        init(_ range: KeyRange) {
            start = range.start
            if range.isSingleKey {
                end = range.start + Data([0])
            } else if range.isOpenEnded {
                end = nil
            } else {
                end = range.end
            }
        }
    }
}
