import BrainEngine
import Foundation
import StoreCore
import Testing

/// `LiveKeySpace`: the newest pairs in key order, kept current by events, answering ranges as
/// the engine does.
@Suite struct LiveKeySpaceTests {
    private static func pair(_ key: String, _ value: String, create: Revision, mod: Revision, version: Int64 = 1) -> KeyValue {
        KeyValue(key: Data(key.utf8), createRevision: create, modRevision: mod, version: version, value: Data(value.utf8))
    }

    @Test func eventsReplaceAndRemovePairsInKeyOrder() {
        var view = LiveKeySpace(
            revision: 4, pairs: [Self.pair("b", "1", create: 3, mod: 3), Self.pair("a", "1", create: 2, mod: 4, version: 2)])
        #expect(view.count == 2)
        let all = RangeRequest(range: KeyRange(key: Data([0]), rangeEnd: Data([0])))
        #expect(view.range(all).kvs.map(\.key) == [Data("a".utf8), Data("b".utf8)])
        view.apply(
            [
                // Already applied: skipped.
                Event(kind: .delete, kv: KeyValue(key: Data("a".utf8), modRevision: 4)),
                Event(kind: .put, kv: Self.pair("c", "1", create: 5, mod: 5)),
                Event(kind: .delete, kv: KeyValue(key: Data("b".utf8), modRevision: 6)),
                Event(kind: .put, kv: Self.pair("a", "2", create: 2, mod: 6, version: 3)),
            ], through: 7)
        #expect(view.revision == 7)
        let response = view.range(all)
        #expect(response.revision == 7 && response.count == 2)
        #expect(response.kvs == [Self.pair("a", "2", create: 2, mod: 6, version: 3), Self.pair("c", "1", create: 5, mod: 5)])
        // The engine's range shaping: limit with more, sort, count-only, filters.
        #expect(view.range(RangeRequest(range: all.range, limit: 1)).more)
        #expect(view.range(RangeRequest(range: all.range, sortOrder: .descend)).kvs.map(\.key).first == Data("c".utf8))
        #expect(view.range(RangeRequest(range: all.range, countOnly: true)) == RangeResponse(revision: 7, count: 2))
        #expect(view.range(RangeRequest(range: all.range, minModRevision: 6)).kvs.map(\.key) == [Data("a".utf8)])
        #expect(view.range(RangeRequest(range: .prefix(Data("c".utf8)))).kvs.map(\.key) == [Data("c".utf8)])
    }
}
