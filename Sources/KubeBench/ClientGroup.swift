import BenchSupport
import NIOSSL

/// Runs one task per client, each on its own connection: every client connects and prepares
/// (untimed), then all start the measured part together.
struct ClientGroup {
    let endpoint: APIServerEndpoint
    let tls: NIOSSLContext?
    let clients: Int

    /// What the clients returned, and how long from the common start until the last one finished.
    struct Outcome<Value> {
        var values: [Value]
        var nanoseconds: UInt64
    }

    /// Runs the clients.
    ///
    /// - Parameters:
    ///   - prepare: Runs first on each connection (not timed), e.g. creating the objects to read;
    ///     gets the client's index.
    ///   - measure: Runs once every client has prepared; gets the index, the connection, what
    ///     `prepare` returned, and the clock whose zero is the common start.
    func run<Prepared, Value: Sendable>(
        prepare: @escaping @Sendable (Int, inout APIConnection) async throws -> Prepared,
        measure: @escaping @Sendable (Int, inout APIConnection, Prepared, BenchmarkClock) async throws -> Value
    ) async throws -> Outcome<Value> {
        let barrier = StartBarrier(parties: self.clients)
        let (endpoint, tls) = (self.endpoint, self.tls)
        let finished = try await withThrowingTaskGroup(of: (Int, Value, UInt64).self) { group in
            for index in 0..<self.clients {
                group.addTask {
                    do {
                        return try await APIConnection.with(endpoint, tls: tls) { connection in
                            let prepared = try await prepare(index, &connection)
                            guard let clock = await barrier.arrive() else { throw CancellationError() }
                            let value = try await measure(index, &connection, prepared, clock)
                            return (index, value, clock.nanoseconds)
                        }
                    } catch {
                        barrier.abandon()
                        throw error
                    }
                }
            }
            var finished: [(Int, Value, UInt64)] = []
            while let next = try await group.next() { finished.append(next) }
            return finished
        }
        return Outcome(
            values: finished.sorted { $0.0 < $1.0 }.map(\.1), nanoseconds: finished.map(\.2).max() ?? 0)
    }
}
