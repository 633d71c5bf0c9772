import Foundation
import PostgresNIO
public import StoreCore
import Synchronization

extension PostgresStore: StoreMembership {
    /// The nodes with a heartbeat within ``PostgresStoreConfiguration/memberTimeout``, by ID.
    public func members() async throws -> [StoreMember] {
        let timeout = configuration.memberTimeout.milliseconds
        return try await database { [logger] connection in
            var members: [StoreMember] = []
            let rows = try await connection.query(
                """
                SELECT id, name, client_urls FROM brain_member
                WHERE heartbeat_at > now() - \(timeout) * interval '1 millisecond'
                """, logger: logger)
            for try await (id, name, urls) in rows.decode((Int64, String, String).self) {
                members.append(
                    StoreMember(id: UInt64(bitPattern: id), name: name, clientURLs: urls.split(separator: ",").map(String.init)))
            }
            return members.sorted { $0.id < $1.id }
        }
    }

    /// The leader as this node last read it (the election reads it every renew interval).
    public var leaderID: UInt64? { election.leader?.id }

    /// The cluster ID in `brain_cluster`, the same on every node of the database.
    public var clusterID: UInt64? {
        let id = sharedClusterID.load(ordering: .relaxed)
        return id == 0 ? nil : id
    }

    /// The leader's epoch (the fencing token, bumped at every takeover) as this node last read it.
    public var term: UInt64? { election.leader.map { UInt64(bitPattern: $0.epoch) } }
}
