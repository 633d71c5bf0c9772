import BrainEngine
import Foundation
import Logging
import StoreCore
import Testing

@testable import APIServer

@Suite struct StorageCompactorTests {
    @Test func compactsAtThePreviousRoundsRevisionAndCoordinatesReplicas() async throws {
        let store = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "test"))
        let first = StorageCompactor(store: store, interval: .seconds(300), logger: Logger(label: "test"))
        let second = StorageCompactor(store: store, interval: .seconds(300), logger: Logger(label: "test"))
        for index in 0..<5 { _ = try await store.put(PutRequest(key: Data("k\(index)".utf8))) }

        // The first round only claims the interval: nothing is compacted on bootstrap.
        var one = try await first.round(version: 0, revision: 0)
        #expect(one.version == 1)
        let claimedAt = one.revision
        _ = try await store.range(RangeRequest(range: KeyRange(key: Data("k0".utf8)), revision: 2))

        // A second replica starting now loses the claim and learns the key's version instead.
        let other = try await second.round(version: 0, revision: 0)
        #expect(other.version == 1)

        for index in 5..<8 { _ = try await store.put(PutRequest(key: Data("k\(index)".utf8))) }
        one = try await first.round(version: one.version, revision: claimedAt)
        #expect(one.version == 2)
        await #expect(throws: StoreError.compacted) {
            _ = try await store.range(RangeRequest(range: KeyRange(key: Data("k0".utf8)), revision: claimedAt - 1))
        }
        // History at the compacted revision itself is still readable.
        #expect(try await store.range(RangeRequest(range: KeyRange(key: Data("k0".utf8)), revision: claimedAt)).kvs.count == 1)
    }
}
