import EtcdClient
import EtcdWire
import Foundation
import StoreCore
import WharfTestSupport

/// A PostgreSQL server and several `wharf brain --backend` nodes on it, started by a test.
struct PostgresCluster {
    var postgres: PostgresProcess
    let nodes: [BrainProcess]
    let directory: TemporaryDirectory

    /// Starts PostgreSQL and `count` brain nodes, runs `body`, and stops everything by PID however
    /// `body` ends (nodes `body` killed already are skipped).
    static func run(nodes count: Int, _ body: (inout PostgresCluster) async throws -> Void) async throws {
        let postgres = try await PostgresProcess.start()
        let directory = try TemporaryDirectory(prefix: "wharf-brain-cluster")
        var nodes: [BrainProcess] = []
        do {
            for index in 1...count {
                nodes.append(
                    try await BrainProcess.start(
                        dataDirectory: directory.path("node-\(index)"),
                        extraArguments: ["--backend", postgres.url, "--name", "node-\(index)"]))
            }
            var cluster = PostgresCluster(postgres: postgres, nodes: nodes, directory: directory)
            do {
                try await body(&cluster)
            } catch {
                await cluster.stop()
                throw error
            }
            await cluster.stop()
        } catch {
            for node in nodes { await node.process.stop(signal: SIGKILL) }
            await postgres.stop()
            directory.remove()
            throw error
        }
    }

    private func stop() async {
        for node in nodes { await node.stop() }
        await postgres.stop()
        directory.remove()
    }

    /// Every node's client URL, comma-separated, for `etcdctl --endpoints`.
    var endpoints: String { nodes.map(\.endpoint).joined(separator: ",") }

    /// A client that tries `nodes` in order, reconnecting to the next when one fails.
    static func store(_ nodes: [BrainProcess]) -> EtcdStore {
        EtcdStore(endpoints: nodes.map { ("127.0.0.1", $0.clientPort) })
    }

    /// `Maintenance.Status` of one node.
    static func status(_ node: BrainProcess) async throws -> Etcdserverpb_StatusResponse {
        try await EtcdClient.withConnection(host: "127.0.0.1", port: node.clientPort) { try await $0.status() }
    }

    /// Waits until every node in `nodes` reports the same leader and exactly one of them is it;
    /// returns that node and its member ID, or nil when they do not agree within `timeout`.
    static func leader(among nodes: [BrainProcess], timeout: Duration = .seconds(15)) async throws -> (node: BrainProcess, id: UInt64)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var statuses: [(BrainProcess, Etcdserverpb_StatusResponse)] = []
            for node in nodes {
                if let status = try? await status(node) { statuses.append((node, status)) }
            }
            let leaders = Set(statuses.map(\.1.leader))
            let leading = statuses.filter { $0.1.header.memberID == $0.1.leader }
            if statuses.count == nodes.count, leaders.count == 1, leaders.first != 0, leading.count == 1 {
                return (leading[0].0, leading[0].1.leader)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
