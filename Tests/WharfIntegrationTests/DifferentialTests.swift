import EtcdWire
import Foundation
import EtcdClient
import WharfGRPC
import Testing
import WharfTestSupport

/// The same random operations against real etcd 3.4 and against brain, on its embedded engine
/// and on PostgreSQL: every response (headers' revisions, pairs, counts, errors) and etcd's
/// HashKV must match.
@Suite(.serialized) struct DifferentialTests {
    /// A small deterministic generator, so a failing seed can be replayed.
    typealias SplitMix = WharfTestSupport.SplitMix

    /// One operation, sent to both servers.
    enum Operation: CustomStringConvertible {
        case range(Etcdserverpb_RangeRequest)
        case put(Etcdserverpb_PutRequest)
        case delete(Etcdserverpb_DeleteRangeRequest)
        case txn(Etcdserverpb_TxnRequest)
        case compact(Etcdserverpb_CompactionRequest)

        var description: String {
            switch self {
            case .range(let request): "range \(request)"
            case .put(let request): "put \(request)"
            case .delete(let request): "delete \(request)"
            case .txn(let request): "txn \(request)"
            case .compact(let request): "compact \(request)"
            }
        }
    }

    struct Generator {
        var random: SplitMix
        var revision: Int64 = 1

        mutating func key() -> Data { Data("d/k\(Int.random(in: 0..<6, using: &random))".utf8) }

        mutating func value() -> Data { Data("v\(Int.random(in: 0..<4, using: &random))".utf8) }

        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

        mutating func rangeRequest() -> Etcdserverpb_RangeRequest {
            var request = Etcdserverpb_RangeRequest()
            request.key = key()
            switch Int.random(in: 0..<4, using: &random) {
            case 0: break
            case 1: request.key = Data("d/".utf8); request.rangeEnd = Data("d0".utf8)
            case 2: request.rangeEnd = Data([0])
            default: request.rangeEnd = key()
            }
            if chance(30) { request.limit = Int64.random(in: 1...4, using: &random) }
            if chance(25) { request.revision = Int64.random(in: 1...(revision + 2), using: &random) }
            if chance(20) { request.countOnly = true }
            if chance(20) { request.keysOnly = true }
            if chance(20) && request.limit == 0 {
                request.sortTarget = [.key, .version, .create, .mod, .value].randomElement(using: &random)!
                request.sortOrder = [.none, .ascend, .descend].randomElement(using: &random)!
            }
            if chance(15) { request.minModRevision = Int64.random(in: 1...(revision + 1), using: &random) }
            if chance(15) { request.maxCreateRevision = Int64.random(in: 1...(revision + 1), using: &random) }
            return request
        }

        mutating func putRequest() -> Etcdserverpb_PutRequest {
            var request = Etcdserverpb_PutRequest()
            request.key = key()
            request.prevKv = chance(50)
            if chance(10) { request.ignoreValue = true } else { request.value = value() }
            return request
        }

        mutating func deleteRequest() -> Etcdserverpb_DeleteRangeRequest {
            var request = Etcdserverpb_DeleteRangeRequest()
            request.key = key()
            if chance(30) { request.rangeEnd = key() }
            request.prevKv = chance(50)
            return request
        }

        mutating func compare() -> Etcdserverpb_Compare {
            var compare = Etcdserverpb_Compare()
            compare.key = key()
            if chance(15) { compare.rangeEnd = Data("d0".utf8) }
            compare.result = [.equal, .notEqual, .greater, .less].randomElement(using: &random)!
            switch Int.random(in: 0..<4, using: &random) {
            case 0: compare.target = .version; compare.version = Int64.random(in: 0...3, using: &random)
            case 1: compare.target = .create; compare.createRevision = Int64.random(in: 0...revision, using: &random)
            case 2: compare.target = .mod; compare.modRevision = Int64.random(in: 0...revision, using: &random)
            default: compare.target = .value; compare.value = value()
            }
            return compare
        }

        mutating func requestOp(depth: Int) -> Etcdserverpb_RequestOp {
            var op = Etcdserverpb_RequestOp()
            switch Int.random(in: 0..<(depth > 0 ? 3 : 4), using: &random) {
            case 0: op.requestRange = rangeRequest()
            case 1: op.requestPut = putRequest()
            case 2: op.requestDeleteRange = deleteRequest()
            default: op.requestTxn = txnRequest(depth: depth + 1)
            }
            return op
        }

        mutating func txnRequest(depth: Int = 0) -> Etcdserverpb_TxnRequest {
            var request = Etcdserverpb_TxnRequest()
            request.compare = (0..<Int.random(in: 0...2, using: &random)).map { _ in compare() }
            request.success = (0..<Int.random(in: 0...3, using: &random)).map { _ in requestOp(depth: depth) }
            request.failure = (0..<Int.random(in: 0...2, using: &random)).map { _ in requestOp(depth: depth) }
            return request
        }

        mutating func next() -> Operation {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<30: .put(putRequest())
            case 30..<55: .range(rangeRequest())
            case 55..<70: .delete(deleteRequest())
            case 70..<97: .txn(txnRequest())
            default: .compact({
                var request = Etcdserverpb_CompactionRequest()
                request.revision = Int64.random(in: 1...(revision + 1), using: &random)
                return request
            }())
            }
        }
    }

    /// A response or error with the member-specific header fields cleared.
    enum Outcome: Equatable, CustomStringConvertible {
        case response(String)
        case failure(GRPCStatus.Code, String)

        var description: String {
            switch self {
            case .response(let text): text
            case .failure(let code, let message): "error \(code): \(message)"
            }
        }
    }

    static func run(_ operation: Operation, on kv: EtcdClient) async -> (Outcome, Int64?) {
        func clean(_ header: inout Etcdserverpb_ResponseHeader) {
            header.clusterID = 0
            header.memberID = 0
            header.raftTerm = 0
        }
        do {
            switch operation {
            case .range(let request):
                var response = try await kv.range(request)
                clean(&response.header)
                if request.sortTarget != .key || request.sortOrder != .none {
                    // Ties may come in any order (etcd's sort is not stable); compare them as sets.
                    response.kvs.sort { ($0.key.lexicographicallyPrecedes($1.key)) }
                }
                return (.response("\(response)"), response.header.revision)
            case .put(let request):
                var response = try await kv.put(request)
                clean(&response.header)
                return (.response("\(response)"), response.header.revision)
            case .delete(let request):
                var response = try await kv.deleteRange(request)
                clean(&response.header)
                return (.response("\(response)"), response.header.revision)
            case .txn(let request):
                var response = try await kv.txn(request)
                clean(&response.header)
                return (.response("\(response)"), response.header.revision)
            case .compact(let request):
                var response = try await kv.compact(request)
                clean(&response.header)
                return (.response("\(response)"), nil)
            }
        } catch let error as GRPCStatus {
            return (.failure(error.code, error.message), nil)
        } catch {
            return (.failure(.unknown, "\(error)"), nil)
        }
    }

    static func withKVClient<Result: Sendable>(
        port: Int, _ body: (EtcdClient) async throws -> Result
    ) async throws -> Result {
        try await EtcdClient.withConnection(host: "127.0.0.1", port: port, body)
    }

    /// A HashKV answer as text: the hash with its revisions, or the error.
    static func hashKV(_ revision: Int64, on client: EtcdClient) async -> String {
        do {
            let response = try await client.hashKV(revision: revision)
            return "hash \(response.hash) revision \(response.header.revision) compact \(response.compactRevision)"
        } catch {
            return "error \(error)"
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func randomKVHistoriesMatchEtcd(seed: UInt64) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-diff")
        defer { directory.remove() }
        let etcd = try await EtcdProcess.start(in: directory.url)
        let brain = try await BrainProcess.start(dataDirectory: directory.url)
        var mismatches: [String] = []
        do {
            // Every brain backend is a peer: the embedded engine and PostgreSQL (one node).
            try await PostgresCluster.run(nodes: 1) { cluster in
                let peers = [("brain", brain.clientPort), ("brain on postgres", cluster.nodes[0].clientPort)]
                mismatches = try await Self.compare(seed: seed, etcdPort: etcd.clientPort, peers: peers)
            }
        } catch {
            mismatches.append("client failure: \(error)")
        }
        await etcd.stop()
        await brain.stop()
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
    }

    /// Sends the seed's 500 operations to etcd and to each peer and returns every difference (at
    /// most five per peer), HashKV answers at several revisions included.
    static func compare(seed: UInt64, etcdPort: Int, peers: [(name: String, port: Int)]) async throws -> [String] {
        try await Self.withKVClient(port: etcdPort) { etcdKV in
            var clients: [(name: String, client: EtcdClient)] = []
            var mismatches: [String] = []
            func connectAndRun(_ remaining: ArraySlice<(name: String, port: Int)>) async throws {
                guard let peer = remaining.first else {
                    mismatches = try await Self.replay(seed: seed, etcd: etcdKV, peers: clients)
                    return
                }
                try await Self.withKVClient(port: peer.port) { client in
                    clients.append((peer.name, client))
                    try await connectAndRun(remaining.dropFirst())
                }
            }
            try await connectAndRun(peers[...])
            return mismatches
        }
    }

    private static func replay(seed: UInt64, etcd: EtcdClient, peers: [(name: String, client: EtcdClient)]) async throws
        -> [String]
    {
        var mismatches: [String] = []
        var counts = [Int](repeating: 0, count: peers.count)
        var generator = Generator(random: SplitMix(state: seed))
        for step in 0..<500 {
            let operation = generator.next()
            let (expected, revision) = await Self.run(operation, on: etcd)
            if let revision { generator.revision = max(generator.revision, revision) }
            for (index, peer) in peers.enumerated() where counts[index] < 5 {
                let (actual, _) = await Self.run(operation, on: peer.client)
                if expected != actual {
                    counts[index] += 1
                    mismatches.append("seed \(seed) step \(step): \(operation)\n etcd:  \(expected)\n \(peer.name): \(actual)")
                }
            }
        }
        // etcd's HashKV over the same history must agree (`etcdctl endpoint hashkv`), at the
        // current revision and at older ones, compacted ones included.
        let current = try await etcd.status().header.revision
        for revision in Set([0, current, current - 1, current / 2, current / 4, 2]) where revision >= 0 {
            let expected = await Self.hashKV(revision, on: etcd)
            for peer in peers {
                let actual = await Self.hashKV(revision, on: peer.client)
                if expected != actual {
                    mismatches.append("seed \(seed) HashKV(\(revision)):\n etcd:  \(expected)\n \(peer.name): \(actual)")
                }
            }
        }
        return mismatches
    }
}
