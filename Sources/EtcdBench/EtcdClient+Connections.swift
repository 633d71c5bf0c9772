import EtcdClient

extension EtcdClient {
    /// Opens `count` connections, runs `body` with them, and closes them however `body` ends.
    static func withConnections<Result: Sendable>(
        count: Int, host: String, port: Int, _ body: ([EtcdClient]) async throws -> Result
    ) async throws -> Result {
        var clients: [EtcdClient] = []
        do {
            for _ in 0..<max(count, 1) { clients.append(try await EtcdClient.connect(host: host, port: port)) }
            let result = try await body(clients)
            for client in clients { await client.close() }
            return result
        } catch {
            for client in clients { await client.close() }
            throw error
        }
    }
}
