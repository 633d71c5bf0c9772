import Foundation
import StoreCore
import Testing

@Suite struct WatchResponseQueueTests {
    private func event(_ key: String, revision: Revision, valueBytes: Int = 1) -> Event {
        Event(
            kind: .put,
            kv: KeyValue(
                key: Data(key.utf8), createRevision: revision, modRevision: revision, version: 1,
                value: Data(repeating: 7, count: valueBytes)))
    }

    private func events(_ watchID: WatchID, _ revision: Revision, valueBytes: Int = 1) -> WatchResponse {
        WatchResponse(revision: revision, watchID: watchID, events: [event("k", revision: revision, valueBytes: valueBytes)])
    }

    @Test func aWaitingReaderGetsEachResponseAtOnce() async {
        let queue = WatchResponseQueue()
        let reader = Task { await queue.first(where: { _ in true }) }
        try? await Task.sleep(for: .milliseconds(20))
        queue.send(events(1, 5))
        #expect(await reader.value == [events(1, 5)])
    }

    @Test func queuedEventsOfOneWatcherMergeInRevisionOrder() async {
        let queue = WatchResponseQueue()
        queue.send(WatchResponse(revision: 4, watchID: 1, created: true))
        queue.send(events(1, 5))
        queue.send(events(2, 5))
        queue.send(events(1, 6))
        queue.send(WatchResponse(revision: 6, watchID: WatchResponse.progressWatchID))
        queue.send(events(1, 7))
        var batches = queue.makeAsyncIterator()
        let batch = await batches.next()
        #expect(batch?.map(\.watchID) == [1, 1, 2, -1])
        #expect(batch?[0].created == true && batch?[0].events.isEmpty == true)
        #expect(batch?[1].events.map(\.kv.modRevision) == [5, 6, 7])
        #expect(batch?[1].revision == 7)
        #expect(batch?[2].events.map(\.kv.modRevision) == [5])
    }

    @Test func cancellationAndLimitsStopMerging() async {
        let queue = WatchResponseQueue()
        queue.send(events(1, 5))
        queue.send(WatchResponse(revision: 5, watchID: 1, canceled: true))
        queue.send(events(1, 6))
        let big = WatchResponseQueue.mergedBytesLimit / 2 + 1
        queue.send(events(3, 7, valueBytes: big))
        queue.send(events(3, 8, valueBytes: big))
        var batches = queue.makeAsyncIterator()
        let batch = await batches.next()
        #expect(batch?.map(\.watchID) == [1, 1, 1, 3, 3])
        #expect(batch?.map(\.events.count) == [1, 0, 1, 1, 1])
    }

    @Test func finishEndsAfterTheQueuedBatchAndCancellingTheReaderFinishes() async {
        let queue = WatchResponseQueue()
        queue.send(events(1, 5))
        queue.finish()
        queue.send(events(1, 6))
        var batches = queue.makeAsyncIterator()
        #expect(await batches.next()?.count == 1)
        #expect(await batches.next() == nil)

        let idle = WatchResponseQueue()
        let reader = Task { await idle.first(where: { _ in true }) }
        try? await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        #expect(await reader.value == nil)
    }
}
