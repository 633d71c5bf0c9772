import StoreCore

extension PostgresStore {
    /// Runs a write here if this node leads, else forwards it to the leader.
    ///
    /// The leader runs `local` with its fence; nil from it means the epoch was superseded
    /// (nothing was written), and the write is routed again. A follower sends `forward` to the
    /// leader over a ``LeaderConnection`` and returns its answer or its error unchanged; an
    /// `unavailable` answer drops the connection, since the write may or may not have happened
    /// there. While no leader is known or the leader cannot be connected to, the write waits up
    /// to ``PostgresStoreConfiguration/leaderWait`` (re-reading the leader row), then fails
    /// with etcd's "no leader".
    func routed<Response: Sendable>(
        forward: (any KeyValueStore) async throws -> Response,
        local: (PostgresWriter.Fence) async throws -> Response?
    ) async throws -> Response {
        try await waitUntilReady()
        let deadline = ContinuousClock.now + configuration.leaderWait
        while true {
            if let epoch = election.epoch {
                if let response = try await local(PostgresWriter.Fence(member: election.member.id, epoch: epoch)) {
                    return response
                }
                election.deposed(epoch: epoch)
            } else if let leader = election.leader, let connection = await leaderLink.connection(to: leader) {
                do {
                    return try await forward(connection)
                } catch StoreError.unavailable(let reason) {
                    await leaderLink.drop(leader)
                    election.nudge()
                    throw StoreError.unavailable(reason)
                }
            } else {
                election.nudge()
            }
            guard ContinuousClock.now < deadline else { throw StoreError.unavailable("etcdserver: no leader") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs `body` in a fenced (batched) write transaction on the leader, or forwards the request.
    func write<Response: Sendable>(
        forward: (any KeyValueStore) async throws -> Response, footprint: WriteFootprint,
        _ body: @escaping @Sendable (PostgresWriter) async throws -> Response
    ) async throws -> Response {
        try await routed(forward: forward) { fence in try await write(fence: fence, footprint: footprint, body) }
    }
}
