import Foundation
import Logging
import StoreCore
import Testing
import WharfTestSupport

@testable import BrainEngine

private func bytes(_ string: String) -> Data { Data(string.utf8) }

private typealias ResponseReader = WatchResponseReader

@Suite struct WatchTests {
    @Test func liveEventsArriveInOrder() async throws {
        let store = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "test"))
        let session = store.openWatchSession()
        var responses = ResponseReader(session.responses)
        session.create(WatchCreateRequest(range: .prefix(bytes("w/")), prevKV: true))
        let created = await responses.next()
        #expect(created?.created == true)
        #expect(created?.watchID == 0)
        _ = try await store.put(PutRequest(key: bytes("w/a"), value: bytes("1")))
        _ = try await store.put(PutRequest(key: bytes("other"), value: bytes("x")))
        _ = try await store.put(PutRequest(key: bytes("w/a"), value: bytes("2")))
        _ = try await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("w/a"))))
        var events: [Event] = []
        while events.count < 3, let response = await responses.next() { events += response.events }
        #expect(events.map(\.kind) == [.put, .put, .delete])
        #expect(events.map(\.kv.modRevision) == [2, 4, 5])
        #expect(events[1].prevKV?.value == bytes("1"))
        #expect(events[2].prevKV?.value == bytes("2"))
        session.close()
    }

    @Test func historyReplayAndCompaction() async throws {
        let store = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "test"))
        for index in 1...5 { _ = try await store.put(PutRequest(key: bytes("h"), value: bytes("\(index)"))) }
        let session = store.openWatchSession()
        var responses = ResponseReader(session.responses)
        session.create(WatchCreateRequest(range: KeyRange(key: bytes("h")), startRevision: 3, watchID: 7))
        #expect(await responses.next()?.watchID == 7)
        let replay = await responses.next()
        #expect(replay?.events.map(\.kv.modRevision) == [3, 4, 5, 6])
        _ = try await store.compact(revision: 5, physical: true)
        session.create(WatchCreateRequest(range: KeyRange(key: bytes("h")), startRevision: 2))
        #expect(await responses.next()?.created == true)
        let cancelled = await responses.next()
        #expect(cancelled?.canceled == true)
        #expect(cancelled?.compactRevision == 5)
        session.requestProgress()
        let progress = await responses.next()
        #expect(progress?.watchID == -1)
        #expect(progress?.revision == 6)
        session.close()
    }

    @Test func filtersDropEventKinds() async throws {
        let store = try BrainStore(configuration: BrainConfiguration(), logger: Logger(label: "test"))
        let session = store.openWatchSession()
        var responses = ResponseReader(session.responses)
        session.create(WatchCreateRequest(range: KeyRange(key: bytes("f")), filterPuts: true))
        _ = await responses.next()
        _ = try await store.put(PutRequest(key: bytes("f"), value: bytes("1")))
        _ = try await store.deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("f"))))
        let response = await responses.next()
        #expect(response?.events.map(\.kind) == [.delete])
        session.cancel(0)
        #expect(await responses.next()?.canceled == true)
        session.close()
    }
}
