import Testing

@testable import APIServer

@Suite struct WorkQueueTests {
    @Test func takesItemsOnceInOrderAndDelaysRetries() async throws {
        let queue = WorkQueue<String>(name: "test")
        for item in ["a", "b", "a", "c"] { queue.add(item) }
        #expect(await queue.next() == "a")
        #expect(await queue.next() == "b")
        queue.retry("a")
        // The retry waits its delay; what is due now comes first.
        #expect(await queue.next() == "c")
        let start = ContinuousClock.now
        #expect(await queue.next() == "a")
        #expect(ContinuousClock.now - start >= WorkQueue<String>.baseDelay)
        // A delayed item added again without delay is due at once.
        queue.add("d", after: .seconds(60))
        queue.add("d")
        #expect(await queue.next() == "d")
    }

    @Test func waitsForAnItemAndStopsWhenCancelled() async {
        let queue = WorkQueue<Int>(name: "test")
        async let taken = queue.next()
        try? await Task.sleep(for: .milliseconds(20))
        queue.add(7)
        #expect(await taken == 7)
        let waiting = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == nil)
    }
}
