@testable import BrainPostgres
import Foundation
import Logging
import StoreCore
import Synchronization
import Testing

/// Auth state in PostgreSQL: kept exactly as the embedded engine keeps it, shared by every node.
extension PostgresStoreTests {
    /// The number of steps of ``change(_:_:)``.
    private static let changeCount = 15

    /// Step `step` of changes covering every kind of entry: a user without password, a name with
    /// a byte text columns refuse, permissions granted out of order and replaced, a role deleted
    /// while held.
    private static func change(_ step: Int, _ state: inout AuthState) throws(StoreError) {
        switch step {
        case 0: try state.addUser("root", passwordHash: [1, 2, 3], noPassword: false)
        case 1: try state.grantRole(AuthState.rootRole, to: "root")
        case 2: try state.addUser("a\u{0}b", passwordHash: [], noPassword: true)
        case 3: try state.addRole("reader")
        case 4: try state.addRole("writer")
        case 5: try state.grant(Permission(kind: .readWrite, range: KeyRange(key: bytes("z"))), to: "reader")
        case 6: try state.grant(Permission(kind: .read, range: KeyRange(key: bytes("/a/"), rangeEnd: bytes("/a0"))), to: "reader")
        case 7: try state.grant(Permission(kind: .write, range: KeyRange(key: bytes("z"))), to: "reader")
        case 8: try state.grant(Permission(kind: .read, range: KeyRange(key: Data([0]), rangeEnd: Data([0]))), to: "writer")
        case 9: try state.grantRole("writer", to: "a\u{0}b")
        case 10: try state.grantRole("reader", to: "a\u{0}b")
        case 11: try state.enable()
        case 12: try state.changePassword("root", passwordHash: [9])
        case 13: try state.deleteRole("writer")
        default: try state.revoke(KeyRange(key: bytes("z")), from: "reader")
        }
    }

    @Test func authChangesPersistAsTheEmbeddedEngineKeepsThem() async throws {
        let configuration = try await freshDatabase()
        var expected = AuthState()
        try await withRunning(try PostgresStore(configuration: configuration, logger: Logger(label: "test"))) { store in
            #expect(try await store.authState() == expected)
            for step in 0..<Self.changeCount {
                try Self.change(step, &expected)
                try await store.updateAuth { state throws(StoreError) in try Self.change(step, &state) }
                #expect(try await store.authState() == expected)
            }
            // A refused change changes nothing, and its error is etcd's.
            await #expect(throws: StoreError.invalidAuthManagement) {
                try await store.updateAuth { state throws(StoreError) in try state.deleteUser("root") }
            }
        }
        // A new node (nothing in memory) reads the same state from the tables.
        try await withRunning(try PostgresStore(configuration: configuration, logger: Logger(label: "test"))) { store in
            let state = try await store.authState()
            #expect(state == expected)
            #expect(state.revision == UInt64(Self.changeCount) + 1)
        }
    }

    @Test func concurrentAuthChangesOnTwoNodesAreAllKept() async throws {
        let configuration = try await freshDatabase()
        let nodes = InProcessNodes()
        try await withRunning(try nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(try nodes.store("node-2", id: 2, configuration: configuration)) { second in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, node) in [first, second].enumerated() {
                        group.addTask {
                            for step in 0..<15 {
                                try await node.updateAuth { state throws(StoreError) in
                                    try state.addUser("u\(index)-\(step)", passwordHash: [], noPassword: true)
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                for node in [first, second] {
                    try await eventually { node.authCache.withLock { $0?.users.count } == 30 }
                    #expect(try await node.authState().revision == 31)
                }
            }
        }
    }

    @Test func authChangesReachOtherNodesWithinThePollInterval() async throws {
        let configuration = try await freshDatabase { $0.authPollInterval = .milliseconds(50) }
        let nodes = InProcessNodes()
        try await withRunning(try nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(try nodes.store("node-2", id: 2, configuration: configuration)) { second in
                #expect(try await second.authState().isEnabled == false)
                try await first.updateAuth { state throws(StoreError) in
                    try state.addUser("root", passwordHash: [], noPassword: true)
                    try state.grantRole(AuthState.rootRole, to: "root")
                    try state.enable()
                }
                // The node that made the change enforces it at once, the other one poll later.
                #expect(try await first.authState().isEnabled)
                try await Task.sleep(for: .milliseconds(200))
                let changed = try await first.authState()
                #expect(try await second.authState() == changed)
            }
        }
    }

    @Test func tokensFromOneNodeAreKnownToAnotherUntilTheyExpire() async throws {
        let configuration = try await freshDatabase()
        let nodes = InProcessNodes()
        try await withRunning(try nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(try nodes.store("node-2", id: 2, configuration: configuration)) { second in
                try await first.shareToken("kept.1", user: "alice", ttl: .seconds(60))
                try await first.shareToken("short.2", user: "bob", ttl: .milliseconds(1))
                #expect(try await second.sharedTokenUser("kept.1") == "alice")
                #expect(try await second.sharedTokenUser("unknown.3") == nil)
                try await Task.sleep(for: .milliseconds(20))
                #expect(try await second.sharedTokenUser("short.2") == nil)
            }
        }
    }
}
