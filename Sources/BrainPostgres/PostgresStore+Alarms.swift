import Logging
import PostgresNIO
public import StoreCore
import Synchronization

/// Alarms on PostgreSQL: rows of `brain_alarm`, so an alarm raised on one node holds on every
/// node and survives restarts until it is disarmed, as etcd's alarms do on every member. Each node
/// keeps the set in memory (refreshed with the auth revision, see ``pollSharedState()``), so
/// checking a write for the no-space alarm costs no round trip.
extension PostgresStore {
    /// Raises an alarm for every node.
    public func activate(_ alarm: Alarm) async throws {
        let member = Int64(bitPattern: election.member.id)
        try await database { [logger] connection in
            try await connection.query(
                "INSERT INTO brain_alarm (alarm, member) VALUES (\(alarm.number), \(member)) ON CONFLICT (alarm) DO NOTHING",
                logger: logger)
        }
        alarmSet.withLock { _ = $0.alarms.insert(alarm); $0.changes += 1 }
    }

    /// Disarms an alarm for every node.
    public func deactivate(_ alarm: Alarm) async throws {
        try await database { [logger] connection in
            try await connection.query("DELETE FROM brain_alarm WHERE alarm = \(alarm.number)", logger: logger)
        }
        alarmSet.withLock { _ = $0.alarms.remove(alarm); $0.changes += 1 }
    }

    /// The alarms raised on any node, as this node last read them.
    public var alarms: Set<Alarm> { alarmSet.withLock { $0.alarms } }

    /// Refuses a write that adds data while the no-space alarm is raised, as etcd does.
    func checkSpace() throws(StoreError) {
        if alarms.contains(.noSpace) { throw .noSpace }
    }

    /// Raises the no-space alarm once `brain_kv` outgrows the configured quota (leader only).
    func checkQuota() async {
        let quota = configuration.quotaBytes
        guard quota > 0, !alarms.contains(.noSpace) else { return }
        do {
            let size = try await status().sizeInBytes
            guard size > quota else { return }
            try await activate(.noSpace)
            logger.warning(
                "size quota exceeded; writes refused until space is freed and the alarm disarmed",
                metadata: ["brain.size": "\(size)", "brain.quota": "\(quota)"])
        } catch {
            logger.debug("cannot check the size quota", metadata: ["error": "\(error)"])
        }
    }

    /// Reads the auth revision and the alarms in one statement, keeps the alarms and rereads the
    /// auth state if its revision moved.
    func pollSharedState() async {
        let changes = alarmSet.withLock { $0.changes }
        do {
            let (revision, alarms) = try await database { [logger] connection in
                let rows = try await connection.query(
                    """
                    SELECT 0, revision FROM brain_auth WHERE id = 1
                    UNION ALL SELECT 1, alarm FROM brain_alarm
                    """, logger: logger)
                var revision: UInt64?
                var alarms: Set<Alarm> = []
                for try await (kind, value) in rows.decode((Int32, Int64).self) {
                    if kind == 0 {
                        revision = UInt64(bitPattern: value)
                    } else if let alarm = Alarm(number: value) {
                        alarms.insert(alarm)
                    }
                }
                return (revision, alarms)
            }
            alarmSet.withLock { if $0.changes == changes { $0.alarms = alarms } }
            if revision != authCache.withLock({ $0?.revision }) { _ = try await loadAuth() }
        } catch {
            logger.debug("cannot read the auth revision and alarms", metadata: ["error": "\(error)"])
        }
    }
}

extension Alarm {
    /// etcd's `AlarmType` number, as `brain_alarm` stores it.
    fileprivate var number: Int32 {
        switch self {
        case .noSpace: 1
        case .corrupt: 2
        }
    }

    fileprivate init?(number: Int64) {
        switch number {
        case 1: self = .noSpace
        case 2: self = .corrupt
        default: return nil
        }
    }
}
