import Foundation
import StoreCore
import Testing

private func bytes(_ string: String) -> Data { Data(string.utf8) }

@Suite struct AuthStateTests {
    private func state(with permissions: [Permission]) throws -> AuthState {
        var state = AuthState()
        try state.addUser("alice", passwordHash: [1], noPassword: false)
        try state.addRole("r")
        for permission in permissions { try state.grant(permission, to: "r") }
        try state.grantRole("r", to: "alice")
        return state
    }

    @Test func unionOfPermissionsMustCoverTheRange() throws {
        let state = try state(with: [
            Permission(kind: .read, range: KeyRange(key: bytes("a"), rangeEnd: bytes("c"))),
            Permission(kind: .readWrite, range: KeyRange(key: bytes("c"), rangeEnd: bytes("e"))),
        ])
        #expect(state.permits("alice", range: KeyRange(key: bytes("b")), write: false))
        #expect(state.permits("alice", range: KeyRange(key: bytes("a"), rangeEnd: bytes("e")), write: false))
        #expect(!state.permits("alice", range: KeyRange(key: bytes("a"), rangeEnd: bytes("f")), write: false))
        #expect(!state.permits("alice", range: KeyRange(key: bytes("b")), write: true))
        #expect(state.permits("alice", range: KeyRange(key: bytes("d")), write: true))
        #expect(!state.permits("alice", range: KeyRange(key: bytes("a"), rangeEnd: Data([0])), write: false))
        #expect(!state.permits("bob", range: KeyRange(key: bytes("b")), write: false))
    }

    @Test func openEndedPermissionCoversEverythingAfter() throws {
        let state = try state(with: [Permission(kind: .read, range: KeyRange(key: bytes("m"), rangeEnd: Data([0])))])
        #expect(state.permits("alice", range: KeyRange(key: bytes("z"), rangeEnd: Data([0])), write: false))
        #expect(!state.permits("alice", range: KeyRange(key: bytes("a")), write: false))
    }

    @Test func rootRoleGrantsEverythingAndGuardsItself() throws {
        var state = AuthState()
        #expect(throws: StoreError.rootUserNotExist) { try state.enable() }
        try state.addUser("root", passwordHash: [], noPassword: true)
        #expect(throws: StoreError.rootRoleNotExist) { try state.enable() }
        try state.grantRole(AuthState.rootRole, to: "root")
        try state.enable()
        #expect(state.isEnabled)
        #expect(state.permits("root", range: KeyRange(key: bytes("any"), rangeEnd: Data([0])), write: true))
        #expect(throws: StoreError.invalidAuthManagement) { try state.deleteUser("root") }
        #expect(throws: StoreError.invalidAuthManagement) { try state.revokeRole(AuthState.rootRole, from: "root") }
        let before = state.revision
        state.disable()
        #expect(state.revision == before + 1)
    }

    @Test func managementErrorsMatchEtcd() throws {
        var state = AuthState()
        #expect(throws: StoreError.userEmpty) { try state.addUser("", passwordHash: [], noPassword: true) }
        #expect(throws: StoreError.roleEmpty) { try state.addRole("") }
        #expect(throws: StoreError.userNotFound) { try state.grantRole("r", to: "nobody") }
        try state.addUser("u", passwordHash: [], noPassword: true)
        #expect(throws: StoreError.roleNotFound) { try state.grantRole("r", to: "u") }
        try state.addRole("r")
        #expect(throws: StoreError.roleNotGranted) { try state.revokeRole("r", from: "u") }
        #expect(throws: StoreError.permissionNotGranted) { try state.revoke(KeyRange(key: bytes("k")), from: "r") }
        try state.grantRole("r", to: "u")
        try state.deleteRole("r")
        #expect(state.users["u"]?.roles == [])
    }
}
