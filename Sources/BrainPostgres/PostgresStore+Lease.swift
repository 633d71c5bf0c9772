import BrainEngine
import Foundation
import Logging
import PostgresNIO
public import StoreCore
import Synchronization

extension PostgresStore {
    /// The longest TTL a lease may have, etcd's limit.
    static let maximumLeaseTTL: Int64 = 9_000_000_000
    /// The shortest TTL granted, as brain's engine grants it.
    static let minimumLeaseTTL: Int64 = 2

    public func leaseGrant(ttl: Int64, id: LeaseID) async throws -> LeaseGrantResponse {
        if ttl > Self.maximumLeaseTTL { throw StoreError.leaseTTLTooLarge }
        try checkSpace()
        let granted = max(ttl, Self.minimumLeaseTTL)
        // Granting takes no revision lock and needs no fence; it goes to the leader like every
        // other write so that one node answers for the lease table.
        return try await routed(forward: { try await $0.leaseGrant(ttl: ttl, id: id) }) { fence in
            let response = try await grant(ttl: granted, id: id)
            committedState.withLock { state in
                if state?.fence == fence { state?.leases.insert(response.id) }
            }
            return response
        }
    }

    /// Inserts a lease row, choosing a free ID when `id` is 0.
    private func grant(ttl granted: Int64, id: LeaseID) async throws(StoreError) -> LeaseGrantResponse {
        try await database { [logger] connection in
            while true {
                let leaseID = id != 0 ? id : Int64.random(in: 1...Int64.max)
                // Expiry is on the database's clock, which every node shares.
                let rows = try await connection.query(
                    """
                    WITH inserted AS (
                        INSERT INTO brain_lease (id, ttl, expires_at)
                        VALUES (\(leaseID), \(granted), now() + \(granted) * interval '1 second')
                        ON CONFLICT (id) DO NOTHING RETURNING id)
                    SELECT m.revision, (SELECT count(*) FROM inserted) FROM brain_meta m WHERE m.id = 1
                    """, logger: logger)
                for try await (revision, inserted) in rows.decode((Int64, Int64).self) {
                    if inserted == 1 { return LeaseGrantResponse(revision: revision, id: leaseID, ttl: granted) }
                }
                if id != 0 { throw StoreError.leaseExists }
            }
        }
    }

    public func leaseRevoke(_ id: LeaseID) async throws -> Revision {
        try await write(forward: { try await $0.leaseRevoke(id) }, footprint: .statements) { writer in
            guard try await writer.deleteLease(id) else { throw StoreError.leaseNotFound }
            for key in try await writer.keys(attachedTo: id) {
                _ = try await writer.deleteRange(DeleteRangeRequest(range: KeyRange(key: key)))
            }
            return writer.readRevision
        }
    }

    public func leaseKeepAlive(_ id: LeaseID) async throws -> (ttl: Int64, revision: Revision) {
        try await database { [logger] connection in
            let rows = try await connection.query(
                """
                WITH renewed AS (
                    UPDATE brain_lease SET expires_at = now() + ttl * interval '1 second'
                    WHERE id = \(id) AND expires_at > now() RETURNING ttl)
                SELECT m.revision, r.ttl FROM brain_meta m LEFT JOIN renewed r ON true WHERE m.id = 1
                """, logger: logger)
            for try await (revision, ttl) in rows.decode((Int64, Int64?).self) {
                guard let ttl else { throw StoreError.leaseNotFound }
                return (ttl, revision)
            }
            throw StoreError.leaseNotFound
        }
    }

    public func leaseTimeToLive(_ id: LeaseID, keys: Bool) async throws -> LeaseTimeToLiveResponse {
        try await database { connection in
            let rows = try await connection.query(
                """
                SELECT m.revision, l.ttl,
                       CAST(floor(GREATEST(0, EXTRACT(EPOCH FROM (l.expires_at - now())))) AS bigint)
                FROM brain_meta m LEFT JOIN brain_lease l ON l.id = \(id) WHERE m.id = 1
                """, logger: self.logger)
            for try await (revision, ttl, remaining) in rows.decode((Int64, Int64?, Int64?).self) {
                guard let ttl, let remaining else {
                    return LeaseTimeToLiveResponse(revision: revision, id: id, ttl: -1, grantedTTL: 0)
                }
                let attached = keys ? try await Self.leaseKeys(id, on: connection, logger: self.logger) : []
                return LeaseTimeToLiveResponse(revision: revision, id: id, ttl: remaining, grantedTTL: ttl, keys: attached)
            }
            throw StoreError.unavailable("etcdserver: postgres: brain_meta row missing")
        }
    }

    public func leases() async throws -> [LeaseID] {
        try await database { [logger] connection in
            var ids: [LeaseID] = []
            for try await id in try await connection.query("SELECT id FROM brain_lease ORDER BY id", logger: logger)
                .decode(Int64.self)
            {
                ids.append(id)
            }
            return ids
        }
    }

    /// The live keys attached to lease `id`, in key order.
    static func leaseKeys(_ id: LeaseID, on connection: PostgresConnection, logger: Logger) async throws -> [Data] {
        let rows = try await connection.query(
            """
            SELECT k.key FROM brain_kv k
            WHERE k.lease = \(id) AND NOT k.deleted
              AND NOT EXISTS (SELECT 1 FROM brain_kv n WHERE n.key = k.key AND n.mod_revision > k.mod_revision)
            ORDER BY k.key
            """, logger: logger)
        var keys: [Data] = []
        for try await key in rows.decode(Data.self) { keys.append(key) }
        return keys
    }

    /// Revokes every lease whose deadline passed. Revocation deletes the lease row under the
    /// revision lock, so when several nodes race, exactly one revokes each lease.
    func expireLeases() async {
        let expired: [LeaseID]
        do {
            expired = try await database { [logger] connection in
                var ids: [LeaseID] = []
                let rows = try await connection.query("SELECT id FROM brain_lease WHERE expires_at <= now()", logger: logger)
                for try await id in rows.decode(Int64.self) { ids.append(id) }
                return ids
            }
        } catch {
            return
        }
        await revokeExpired(expired, logger: logger)
    }
}
