import StoreCore
import Synchronization

/// A follower's connection to the current leader, opened on first use and replaced when the
/// leader (or its epoch) changes.
final class LeaderLink: Sendable {
    private struct Entry: Sendable {
        var leader: PostgresLeader
        var connection: any LeaderConnection
    }

    private let connect: @Sendable ([String]) async throws -> any LeaderConnection
    private let state = Mutex<Entry?>(nil)

    init(connect: @escaping @Sendable ([String]) async throws -> any LeaderConnection) {
        self.connect = connect
    }

    /// The connection to `leader`, connecting first if there is none; nil when it cannot be
    /// reached (then nothing was sent).
    func connection(to leader: PostgresLeader) async -> (any LeaderConnection)? {
        if let entry = state.withLock({ $0 }), entry.leader == leader { return entry.connection }
        guard let connected = try? await connect(leader.clientURLs) else { return nil }
        let (winner, stale) = state.withLock { entry -> (any LeaderConnection, (any LeaderConnection)?) in
            if let current = entry, current.leader == leader { return (current.connection, connected) }
            defer { entry = Entry(leader: leader, connection: connected) }
            return (connected, entry?.connection)
        }
        await stale?.close()
        return winner
    }

    /// Closes the connection to `leader` (it failed), so the next write connects again.
    func drop(_ leader: PostgresLeader) async {
        let dropped = state.withLock { entry -> (any LeaderConnection)? in
            guard let current = entry, current.leader == leader else { return nil }
            entry = nil
            return current.connection
        }
        await dropped?.close()
    }

    /// Closes the connection, if any.
    func close() async {
        await state.withLock { entry in defer { entry = nil }; return entry?.connection }?.close()
    }
}
