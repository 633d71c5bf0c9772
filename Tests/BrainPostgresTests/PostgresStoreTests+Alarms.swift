@testable import BrainPostgres
import Foundation
import StoreCore
import Testing

/// Alarms in PostgreSQL: raised on one node, they hold on every node until disarmed.
extension PostgresStoreTests {
    @Test func alarmsAreSharedAndPersistent() async throws {
        let configuration = try await freshDatabase { $0.authPollInterval = .milliseconds(50) }
        let nodes = InProcessNodes()
        try await withRunning(try nodes.store("node-1", id: 1, configuration: configuration)) { first in
            try await withRunning(try nodes.store("node-2", id: 2, configuration: configuration)) { second in
                try await first.activate(.noSpace)
                try await eventually { second.alarms == [.noSpace] }
                await #expect(throws: StoreError.noSpace) { try await second.put(PutRequest(key: bytes("k"), value: bytes("v"))) }
                await #expect(throws: StoreError.noSpace) { try await first.leaseGrant(ttl: 10, id: 0) }
                // Deletes still work, as etcd lets them free space.
                _ = try await second.deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("k"))))
            }
        }
        // A node started later finds the alarm, and disarming it on one node frees the others.
        try await withRunning(try nodes.store("node-3", id: 3, configuration: configuration)) { third in
            try await withRunning(try nodes.store("node-4", id: 4, configuration: configuration)) { fourth in
                try await eventually { third.alarms == [.noSpace] && fourth.alarms == [.noSpace] }
                // Writes go to a running leader, not to the stopped nodes' stores.
                try await eventually { [3, 4].contains(third.leaderID) && third.leaderID == fourth.leaderID }
                #expect(try await third.status().alarms == [.noSpace])
                try await fourth.deactivate(.noSpace)
                try await eventually { third.alarms.isEmpty }
                _ = try await third.put(PutRequest(key: bytes("k"), value: bytes("v")))
            }
        }
    }

    @Test func theLeaderRaisesNoSpaceOnceTheQuotaIsExceeded() async throws {
        try await withPostgresStore(configure: { $0.quotaBytes = 1 }) { store, _ in
            try await eventually { store.alarms == [.noSpace] }
            await #expect(throws: StoreError.noSpace) { try await store.put(PutRequest(key: bytes("k"), value: bytes("v"))) }
        }
    }
}
