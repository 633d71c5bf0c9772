import BrainEngine
import BrainPostgres
import Foundation
import Logging
import StoreCore
import Testing
import WharfTestSupport

/// The same seeded stream of requests against brain's embedded engine and `PostgresStore`:
/// every response (or error) must be identical, and so must the events a watcher receives.
@Suite(.postgresServer)
struct PostgresDifferentialTests {
    enum Outcome: Equatable, Sendable {
        case range(RangeResponse), put(PutResponse), delete(DeleteRangeResponse), txn(TxnResponse)
        case compact(Revision), failed(StoreError)
    }

    static let keys = ["a", "b", "p/1", "p/2", "p/3", "q", "z"].map(bytes)

    static func key(_ random: inout SplitMix) -> Data { keys.randomElement(using: &random)! }

    static func keyRange(_ random: inout SplitMix) -> KeyRange {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: KeyRange.prefix(bytes("p/"))
        case 1: KeyRange(key: key(&random), rangeEnd: Data([0]))
        case 2: KeyRange(key: bytes("a"), rangeEnd: bytes("q"))
        default: KeyRange(key: key(&random))
        }
    }

    static func rangeRequest(_ random: inout SplitMix, current: Revision) -> RangeRequest {
        let sortOrders: [RangeRequest.SortOrder] = [.none, .none, .ascend, .descend]
        let sortTargets: [RangeRequest.SortTarget] = [.key, .key, .version, .createRevision, .modRevision, .value]
        return RangeRequest(
            range: keyRange(&random),
            limit: Int64.random(in: 0...3, using: &random),
            revision: Bool.random(using: &random) ? 0 : Int64.random(in: 1...(current + 1), using: &random),
            sortOrder: sortOrders.randomElement(using: &random)!,
            sortTarget: sortTargets.randomElement(using: &random)!,
            keysOnly: Int.random(in: 0..<5, using: &random) == 0,
            countOnly: Int.random(in: 0..<6, using: &random) == 0,
            minModRevision: Int.random(in: 0..<6, using: &random) == 0 ? current / 2 : 0,
            maxCreateRevision: Int.random(in: 0..<6, using: &random) == 0 ? current - 1 : 0)
    }

    static func putRequest(_ random: inout SplitMix) -> PutRequest {
        PutRequest(
            key: key(&random), value: bytes("v\(Int.random(in: 0..<5, using: &random))"),
            prevKV: Bool.random(using: &random), ignoreValue: Int.random(in: 0..<10, using: &random) == 0)
    }

    static func compare(_ random: inout SplitMix, current: Revision) -> Compare {
        let targets: [Compare.Target] = [
            .version(Int64.random(in: 0...2, using: &random)), .createRevision(current / 2),
            .modRevision(current - 1), .value(bytes("v\(Int.random(in: 0..<5, using: &random))")), .lease(0),
        ]
        let results: [Compare.Result] = [.equal, .notEqual, .greater, .less]
        return Compare(
            range: Bool.random(using: &random) ? KeyRange(key: key(&random)) : .prefix(bytes("p/")),
            target: targets.randomElement(using: &random)!, result: results.randomElement(using: &random)!)
    }

    static func txnRequest(_ random: inout SplitMix, current: Revision, depth: Int = 0) -> TxnRequest {
        var success: [RequestOp] = [.put(putRequest(&random)), .range(rangeRequest(&random, current: current))]
        var failure: [RequestOp] = [.deleteRange(DeleteRangeRequest(range: keyRange(&random), prevKV: true))]
        if depth == 0 && Bool.random(using: &random) {
            success.append(.txn(txnRequest(&random, current: current, depth: 1)))
            failure.append(.range(rangeRequest(&random, current: current)))
        }
        return TxnRequest(compare: [compare(&random, current: current)], success: success, failure: failure)
    }

    private static func run(_ store: any KeyValueStore, _ body: (any KeyValueStore) async throws -> Outcome) async -> Outcome {
        do { return try await body(store) } catch let error as StoreError { return .failed(error) } catch {
            return .failed(.unavailable("\(error)"))
        }
    }

    @Test func responsesMatchTheEmbeddedEngine() async throws {
        try await withPostgresStore(configure: { $0.compactionBatchRevisions = 3 }) { postgres, _ in
            let engine = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "engine"))
            let watchers: [any WatchSession] = [engine.openWatchSession(), postgres.openWatchSession()]
            for session in watchers {
                session.create(WatchCreateRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])), prevKV: true))
            }
            var random = SplitMix(state: 20_260_520)
            var current: Revision = 1
            var compacted: Revision = 0
            for step in 0..<300 {
                let choice = Int.random(in: 0..<20, using: &random)
                let request: @Sendable (any KeyValueStore) async throws -> Outcome
                switch choice {
                case 0..<6:
                    let put = Self.putRequest(&random)
                    request = { .put(try await $0.put(put)) }
                case 6..<8:
                    let delete = DeleteRangeRequest(range: Self.keyRange(&random), prevKV: Bool.random(using: &random))
                    request = { .delete(try await $0.deleteRange(delete)) }
                case 8..<13:
                    let range = Self.rangeRequest(&random, current: current)
                    request = { .range(try await $0.range(range)) }
                case 13..<19:
                    let txn = Self.txnRequest(&random, current: current)
                    request = { .txn(try await $0.txn(txn)) }
                default:
                    // Keep every watcher ahead of compaction: a lagging one would be cancelled.
                    let target = max(compacted + 1, current - Int64.random(in: 0...4, using: &random))
                    request = { .compact(try await $0.compact(revision: target, physical: true)) }
                    compacted = max(compacted, min(target, current))
                    try await Task.sleep(for: .milliseconds(30))
                }
                let expected = await Self.run(engine, request)
                let actual = await Self.run(postgres, request)
                #expect(actual == expected, "step \(step)")
                if actual != expected { return }
                current = try await engine.range(RangeRequest(range: KeyRange(key: bytes("a")))).revision
            }
            // Both watchers saw the same history.
            var engineEvents = ResponseReader(watchers[0].responses)
            var postgresEvents = ResponseReader(watchers[1].responses)
            let expected = await engineEvents.events(through: current)
            let actual = await postgresEvents.events(through: current)
            #expect(actual == expected)
            for session in watchers { session.close() }
        }
    }
}
