import Foundation
import Logging
import PostgresNIO
import StoreCore
import Synchronization

/// Leader election through the database: one `brain_leader` row holds the leader, its epoch
/// (the fencing token) and when its lease ends, on the database's clock.
///
/// Every ``PostgresStoreConfiguration/leaderRenewInterval`` (and at once when a write finds no
/// reachable leader) a node runs one statement that refreshes its `brain_member` heartbeat and
/// either renews its lease (it still holds the epoch) or takes the row over once the lease has
/// expired, bumping the epoch; otherwise it reads who leads. Believing it leads never makes a
/// write safe by itself: the write transaction checks the epoch under the row lock (see
/// ``PostgresWriter``).
final class PostgresElection: Sendable {
    /// This node.
    let member: StoreMember
    private let configuration: PostgresStoreConfiguration
    private let logger: Logger
    /// The leader as last read; nil while none is known.
    private let state = Mutex<PostgresLeader?>(nil)
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation

    init(member: StoreMember, configuration: PostgresStoreConfiguration, logger: Logger) {
        self.member = member
        self.configuration = configuration
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The leader as last read; nil while none is known.
    var leader: PostgresLeader? { state.withLock { $0 } }

    /// The epoch this node leads with, or nil when it does not lead.
    var epoch: Int64? {
        state.withLock { leader in leader?.id == member.id ? leader?.epoch : nil }
    }

    /// Runs an election step at once instead of at the next tick.
    func nudge() {
        wakeUp.yield()
    }

    /// Runs one statement and returns its rows, failing within a bounded time.
    typealias Database = @Sendable (PostgresQuery) async throws -> [PostgresRow]

    /// Runs election steps until cancelled, then gives up the leadership (if held) so another
    /// node can take over without waiting for the lease to expire.
    func run(database: Database) async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    self.wakeUp.yield()
                    do { try await Task.sleep(for: self.configuration.leaderRenewInterval) } catch { return }
                }
            }
            for await _ in wakeUps {
                await step(database: database)
            }
        }
        await resign(database: database)
    }

    /// Records that a write found this node's epoch superseded: it no longer leads.
    func deposed(epoch: Int64) {
        let changed = state.withLock { leader in
            guard leader?.id == member.id, leader?.epoch == epoch else { return false }
            leader = nil
            return true
        }
        if changed {
            logger.info(
                "postgres leadership lost: epoch superseded",
                metadata: ["brain.member": "\(member.id)", "brain.epoch": "\(epoch)"])
        }
        nudge()
    }

    /// One heartbeat and one renewal or takeover attempt, in one statement.
    func step(database: Database) async {
        let me = Int64(bitPattern: member.id)
        let urls = member.clientURLs.joined(separator: ",")
        let held = epoch ?? -1
        let lease = configuration.leaderLease.milliseconds
        do {
            let rows = try await database(
                """
                WITH beat AS (
                    INSERT INTO brain_member (id, name, client_urls, heartbeat_at)
                    VALUES (\(me), \(member.name), \(urls), now())
                    ON CONFLICT (id) DO UPDATE
                    SET name = EXCLUDED.name, client_urls = EXCLUDED.client_urls, heartbeat_at = now()),
                attempt AS (
                    UPDATE brain_leader SET
                        epoch = CASE WHEN node = \(me) AND epoch = \(held) THEN epoch ELSE epoch + 1 END,
                        node = \(me), client_urls = \(urls),
                        expires_at = now() + \(lease) * interval '1 millisecond'
                    WHERE id = 1 AND ((node = \(me) AND epoch = \(held)) OR expires_at <= now())
                    RETURNING node, client_urls, epoch)
                SELECT node, client_urls, epoch, true FROM attempt
                UNION ALL
                SELECT node, client_urls, epoch, expires_at > now() FROM brain_leader
                WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM attempt)
                """)
            var seen: PostgresLeader?
            for row in rows {
                let (node, clientURLs, epoch, live) = try row.decode((Int64, String, Int64, Bool).self)
                guard live else { continue }
                seen = PostgresLeader(
                    id: UInt64(bitPattern: node), clientURLs: clientURLs.split(separator: ",").map(String.init),
                    epoch: epoch)
            }
            record(seen)
        } catch {
            // Keep the last view: writes are fenced by the database whatever this node believes.
            logger.debug("postgres election step failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Stores a freshly read leader and logs any change.
    private func record(_ seen: PostgresLeader?) {
        let previous = state.withLock { leader in
            defer { leader = seen }
            return leader
        }
        guard previous != seen else { return }
        var metadata: Logger.Metadata = ["brain.member": "\(member.id)"]
        if let seen {
            metadata["brain.leader"] = "\(seen.id)"
            metadata["brain.epoch"] = "\(seen.epoch)"
        }
        if seen?.id == member.id, previous?.id != member.id || previous?.epoch != seen?.epoch {
            logger.info("postgres leadership taken", metadata: metadata)
        } else if previous?.id == member.id {
            logger.info("postgres leadership lost", metadata: metadata)
        } else if previous?.id != seen?.id {
            logger.info(seen == nil ? "postgres leader unknown" : "postgres leader changed", metadata: metadata)
        }
    }

    /// Ends this node's lease now, if it leads (best effort: the database may be unreachable).
    private func resign(database: Database) async {
        guard let epoch else { return }
        let me = Int64(bitPattern: member.id)
        _ = try? await database("UPDATE brain_leader SET expires_at = now() WHERE id = 1 AND node = \(me) AND epoch = \(epoch)")
        _ = try? await database("DELETE FROM brain_member WHERE id = \(me)")
        state.withLock { $0 = nil }
        logger.info("postgres leadership given up", metadata: ["brain.member": "\(member.id)", "brain.epoch": "\(epoch)"])
    }
}
