import Testing

@testable import APIServer

@Suite struct WatchMailboxTests {
    @Test func aWatcherTakesEverythingThatPiledUpAtOnce() async {
        let mailbox = WatchMailbox<Int>(limit: 10)
        #expect(mailbox.post([1, 2]))
        #expect(mailbox.post([3]))
        #expect(await mailbox.next() == [1, 2, 3])
        #expect(mailbox.post([4]))
        #expect(await mailbox.next() == [4])
    }

    @Test func refusesItemsBeyondItsLimitWithoutTakingAny() async {
        let mailbox = WatchMailbox<Int>(limit: 3)
        #expect(mailbox.post([1, 2]))
        #expect(!mailbox.post([3, 4]))
        #expect(mailbox.post([3]))
        #expect(await mailbox.next() == [1, 2, 3])
    }

    @Test func finishingDeliversWhatWasPostedThenEnds() async {
        let mailbox = WatchMailbox<Int>(limit: 10)
        #expect(mailbox.post([1]))
        mailbox.finish()
        #expect(!mailbox.post([2]), "a finished mailbox takes nothing")
        #expect(await mailbox.next() == [1])
        #expect(await mailbox.next() == nil)
    }

    @Test func aWaitingWatcherWakesOnPostAndOnFinish() async {
        let mailbox = WatchMailbox<Int>(limit: 10)
        let watcher = Task {
            var batches: [[Int]] = []
            while let batch = await mailbox.next() { batches.append(batch) }
            return batches
        }
        try? await Task.sleep(for: .milliseconds(20))  // the watcher is waiting
        #expect(mailbox.post([7]))
        try? await Task.sleep(for: .milliseconds(20))
        #expect(mailbox.post([8, 9]))
        try? await Task.sleep(for: .milliseconds(20))
        mailbox.finish()
        // Usually [[7], [8, 9]]; a watcher scheduled late may take them in one batch.
        #expect(await watcher.value.flatMap { $0 } == [7, 8, 9])
    }
}
