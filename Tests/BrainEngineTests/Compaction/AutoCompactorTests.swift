import Testing

@testable import BrainEngine

@Suite struct AutoCompactorTests {
    @Test func revisionModeKeepsTheRetentionCount() {
        var compactor = AutoCompactor(policy: .revision(retention: 100))
        #expect(compactor.check(now: .now, revision: 50, compacted: 0) == nil)
        #expect(compactor.check(now: .now, revision: 250, compacted: 0) == 150)
        #expect(compactor.check(now: .now, revision: 250, compacted: 150) == nil)
    }

    @Test func periodicModeCompactsToTheRevisionSeenRetentionAgo() {
        var compactor = AutoCompactor(policy: .periodic(retention: .seconds(60)))
        let start = ContinuousClock.now
        #expect(compactor.check(now: start, revision: 10, compacted: 0) == nil)
        #expect(compactor.check(now: start + .seconds(30), revision: 40, compacted: 0) == nil)
        #expect(compactor.check(now: start + .seconds(61), revision: 70, compacted: 0) == 10)
        #expect(compactor.check(now: start + .seconds(95), revision: 90, compacted: 10) == 40)
        #expect(compactor.check(now: start + .seconds(96), revision: 91, compacted: 40) == nil)
    }

    @Test func checkIntervalFollowsTheRetention() {
        #expect(AutoCompaction.periodic(retention: .seconds(3600)).checkInterval == .seconds(360))
        #expect(AutoCompaction.periodic(retention: .seconds(5)).checkInterval == .seconds(1))
        #expect(AutoCompaction.revision(retention: 1000).checkInterval == .seconds(300))
    }
}
