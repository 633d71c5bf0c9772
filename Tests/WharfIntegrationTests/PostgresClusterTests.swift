import EtcdClient
import EtcdWire
import Foundation
import StoreCore
import Testing
import WharfGRPC
import WharfTestSupport

/// Three `wharf brain --backend` nodes on one PostgreSQL started by the test: one leader elected
/// through the database, writes forwarded by followers, failover when the leader is killed, and
/// recovery when PostgreSQL restarts. Checked with the etcd client and Debian's etcdctl.
@Suite(.serialized)
struct PostgresClusterTests {
    @Test func oneLeaderAndFollowersForwardWrites() async throws {
        try await PostgresCluster.run(nodes: 3) { cluster in
            let leader = try #require(try await PostgresCluster.leader(among: cluster.nodes))
            let etcdctl = Etcdctl(endpoint: cluster.endpoints)
            let table = try await etcdctl.runDetached("endpoint", "status", "-w", "table")
            #expect(table.status == 0)
            // The table's IS LEADER column: true on exactly one row, the leader's.
            let rows = table.stdout.split(separator: "\n").map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
            let leaderColumn = try #require(rows.first { $0.contains("IS LEADER") }?.firstIndex(of: "IS LEADER"))
            let leading = rows.filter { $0.count > leaderColumn && $0[leaderColumn] == "true" }
            #expect(leading.map { $0[0] } == [leader.node.endpoint], "\(table.stdout)")

            for node in cluster.nodes {
                let members = try await EtcdClient.withConnection(host: "127.0.0.1", port: node.clientPort) {
                    try await $0.memberList().members
                }
                #expect(Set(members.flatMap(\.clientUrls)) == Set(cluster.nodes.map(\.endpoint)))
                #expect(Set(members.map(\.name)) == ["node-1", "node-2", "node-3"])
                #expect(members.contains { $0.id == leader.id })
            }
            let listed = try await etcdctl.runDetached("member", "list")
            #expect(listed.stdout.split(separator: "\n").count == 3, "\(listed.stdout)\(listed.stderr)")

            // Writes sent to a follower are forwarded to the leader; every node reads them.
            let follower = Etcdctl(endpoint: try #require(cluster.nodes.first { $0 !== leader.node }).endpoint)
            #expect(try await follower.runDetached("put", "fwd/a", "1").stdout == "OK\n")
            let txn = try await CommandResult.runDetached(
                "/usr/bin/etcdctl", ["--endpoints=\(follower.endpoint)", "txn"],
                environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"],
                input: "value(\"fwd/a\") = \"1\"\n\nput fwd/b 2\n\n\n")
            #expect(txn.stdout == "SUCCESS\n\nOK\n", "\(txn.stderr)")
            let grant = try await follower.runDetached("lease", "grant", "60")
            let lease = try #require(grant.stdout.split(separator: " ").dropFirst().first.map(String.init), "\(grant.stderr)")
            #expect(try await follower.runDetached("put", "fwd/c", "3", "--lease=\(lease)").stdout == "OK\n")
            #expect(try await follower.runDetached("lease", "revoke", lease).stdout.contains("revoked"))
            #expect(try await follower.runDetached("del", "fwd/a").stdout == "1\n")
            for node in cluster.nodes {
                let read = try await Etcdctl(endpoint: node.endpoint).runDetached("get", "--prefix", "fwd/", "-w", "json")
                #expect(read.stdout.contains("\"revision\":6"), "\(read.stdout)")
                let values = try await Etcdctl(endpoint: node.endpoint).runDetached("get", "--prefix", "fwd/")
                #expect(values.stdout == "fwd/b\n2\n")
                // A serializable read answers from the node's read cache, which that read brought up to date.
                let local = try await Etcdctl(endpoint: node.endpoint).runDetached(
                    "get", "--prefix", "fwd/", "--consistency=s", "-w", "json")
                #expect(local.stdout.contains("\"revision\":6"), "\(local.stdout)")
            }
            #expect(try await follower.runDetached("compact", "5").stdout.contains("compacted revision 5"))
            // A read-only transaction is served by the follower itself.
            let check = try await CommandResult.runDetached(
                "/usr/bin/etcdctl", ["--endpoints=\(follower.endpoint)", "txn"],
                environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"], input: "value(\"fwd/b\") = \"2\"\n\nget fwd/b\n\n\n")
            #expect(check.stdout == "SUCCESS\n\nfwd/b\n2\n", "\(check.stderr)")
        }
    }

    @Test func killingTheLeaderUnderLoadLosesNothing() async throws {
        try await PostgresCluster.run(nodes: 3) { cluster in
            let leader = try #require(try await PostgresCluster.leader(among: cluster.nodes))
            let survivors = cluster.nodes.filter { $0 !== leader.node }
            let start = try await PostgresCluster.status(survivors[0]).header.revision

            // A watch on a follower, from before the load, over the whole key space.
            let watchClient = try await EtcdClient.connect(host: "127.0.0.1", port: survivors[0].clientPort)
            let session = watchClient.openWatchSession()
            var watch = WatchResponseReader(session.responses)
            session.create(WatchCreateRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])), startRevision: start + 1))
            #expect(await watch.next()?.created == true)

            let load = PutLoad()
            try await load.around(clients: 4, nodes: cluster.nodes) {
                await leader.node.process.stop(signal: SIGKILL)
                let killed = ContinuousClock.now
                let next = try #require(try await PostgresCluster.leader(among: survivors, timeout: .seconds(10)))
                let failover = ContinuousClock.now - killed
                #expect(failover < .seconds(5), "new leader after \(failover)")
                #expect(next.id != leader.id)
                #expect(try await load.waitForMore(30, timeout: .seconds(10)), "writes did not resume")

                // etcdctl with every endpoint, the dead one included, carries on.
                let etcdctl = Etcdctl(endpoint: cluster.endpoints)
                #expect(try await etcdctl.runDetached("put", "after/failover", "ok").stdout == "OK\n")
                #expect(try await etcdctl.runDetached("get", "after/failover", "--print-value-only").stdout == "ok\n")
            }

            let store = PostgresCluster.store(survivors)
            try await load.expectAllReadable(through: store)
            let end = try await PostgresCluster.status(survivors[0]).header.revision
            await store.close()
            // Every revision, in order, once: no gap across the failover, no duplicate.
            let deadline = Task {
                try? await Task.sleep(for: .seconds(20))
                session.close()
            }
            let events = await watch.events(through: end)
            deadline.cancel()
            #expect(events.map(\.kv.modRevision) == Array((start + 1)...end))
            session.close()
            await watchClient.close()
        }
    }

    @Test func postgresRestartUnderLoadLosesNothing() async throws {
        try await PostgresCluster.run(nodes: 3) { cluster in
            _ = try #require(try await PostgresCluster.leader(among: cluster.nodes))
            let load = PutLoad()
            try await load.around(clients: 3, nodes: cluster.nodes) {
                await cluster.postgres.stop(keepFiles: true)
                // Every node answers etcd's Unavailable (gRPC code 14) while the database is down.
                for node in cluster.nodes {
                    let port = node.clientPort
                    let code = try await withDeadline(.seconds(15)) {
                        try await EtcdClient.withConnection(host: "127.0.0.1", port: port) { client in
                            var put = Etcdserverpb_PutRequest()
                            put.key = Data("outage".utf8)
                            do {
                                _ = try await client.put(put)
                                return GRPCStatus.Code.ok
                            } catch let status as GRPCStatus {
                                return status.code
                            }
                        }
                    }
                    #expect(code == .unavailable, "node \(node.endpoint)")
                }
                try await Task.sleep(for: .seconds(1))
                cluster.postgres = try await cluster.postgres.restart()

                // The nodes reconnect by themselves: each accepts writes again within 15 s.
                let restarted = ContinuousClock.now
                for node in cluster.nodes {
                    let store = PostgresCluster.store([node])
                    var written = false
                    while !written, ContinuousClock.now - restarted < .seconds(15) {
                        let put = PutRequest(key: Data("back".utf8), value: Data(node.endpoint.utf8))
                        written = (try? await withDeadline(.seconds(5), { try await store.put(put) })) != nil
                        if !written { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    await store.close()
                    #expect(written, "node \(node.endpoint) did not recover")
                }
                #expect(try await load.waitForMore(30, timeout: .seconds(10)), "writes did not resume")
                // Every node rebuilt its read cache: serializable reads see the writes after the restart.
                for node in cluster.nodes {
                    let etcdctl = Etcdctl(endpoint: node.endpoint)
                    var local = ""
                    let deadline = ContinuousClock.now + .seconds(10)
                    while local.isEmpty, ContinuousClock.now < deadline {
                        local = try await etcdctl.runDetached("get", "back", "--consistency=s", "--print-value-only").stdout
                        if local.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    #expect(!local.isEmpty, "node \(node.endpoint)")
                }
            }
            let store = PostgresCluster.store(cluster.nodes)
            try await load.expectAllReadable(through: store)
            await store.close()
        }
    }

    /// `endpoint status` as etcd shows a cluster: one cluster ID, a member ID per node, the same
    /// leader and raft term (the leader's epoch) on every node; alarms hold on every node.
    @Test func endpointStatusSharesClusterIDTermAndAlarms() async throws {
        try await PostgresCluster.run(nodes: 2) { cluster in
            let leader = try #require(try await PostgresCluster.leader(among: cluster.nodes))
            let status = try await Etcdctl(endpoint: cluster.endpoints).runDetached("endpoint", "status", "-w", "json")
            func values(_ field: String) -> [String] {
                status.stdout.matches(of: try! Regex("\"\(field)\":([0-9]+)")).map { String($0.output[1].substring ?? "") }
            }
            #expect(Set(values("cluster_id")).count == 1, "\(status.stdout)")
            #expect(Set(values("member_id")).count == 2, "\(status.stdout)")
            #expect(Set(values("leader")) == ["\(leader.id)"], "\(status.stdout)")
            // Headers and the status body carry the same term: the leader's epoch, 1 at first.
            #expect(Set(values("raft_term")) == ["1"] && Set(values("raftTerm")) == ["1"], "\(status.stdout)")

            // An alarm raised through one node is listed and disarmed through the other.
            try await EtcdClient.withConnection(host: "127.0.0.1", port: cluster.nodes[0].clientPort) { client in
                _ = try await client.alarm(.activate, .nospace)
            }
            let second = Etcdctl(endpoint: cluster.nodes[1].endpoint)
            // Other nodes read the alarms with the auth revision, every 100 ms.
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await second.runDetached("alarm", "list").stdout.contains("alarm:NOSPACE"))
            #expect(try await second.runDetached("put", "k", "v").stderr.contains("etcdserver: mvcc: database space exceeded"))
            _ = try await second.runDetached("alarm", "disarm")
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await Etcdctl(endpoint: cluster.nodes[0].endpoint).runDetached("alarm", "list").stdout.isEmpty)
        }
    }
}
