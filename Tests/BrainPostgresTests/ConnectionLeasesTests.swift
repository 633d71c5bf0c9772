@testable import BrainPostgres
import Foundation
import Testing

/// Connection leases on their own, without a database: each request answered exactly once, by
/// its attempt or by one of its two deadlines, and every request answered at shutdown.
struct ConnectionLeasesTests {
    private struct TimedOut: Error, Equatable {}

    /// Runs `body` with leases running in the background, then stops them.
    private func withLeases(wait: Duration, limit: Duration, _ body: (ConnectionLeases) async throws -> Void) async throws {
        let leases = ConnectionLeases(wait: wait, limit: limit)
        let running = Task { await leases.run() }
        defer {
            leases.finish()
            running.cancel()
        }
        try await body(leases)
    }

    @Test func attemptsAnswerAndDeadlinesExpireTheRest() async throws {
        try await withLeases(wait: .milliseconds(200), limit: .milliseconds(600)) { leases in
            // Claimed at once and done: the attempt's answer, never a timeout.
            let quick = try await leases.lease(timedOut: { TimedOut() }) { claim in
                #expect(claim())
                return 1
            }
            #expect(quick == 1)

            let started = ContinuousClock.now
            // Never claims: the first deadline answers, and the attempt's late claim is refused.
            let lateClaim = Task {
                try await leases.lease(timedOut: { TimedOut() }) { claim -> Bool in
                    try await Task.sleep(for: .milliseconds(400))
                    return claim()
                }
            }
            // Claims at once but runs too long: the second deadline answers.
            let slow = Task {
                try await leases.lease(timedOut: { TimedOut() }) { claim -> Int in
                    #expect(claim())
                    try await Task.sleep(for: .seconds(3))
                    return 2
                }
            }
            await #expect(throws: TimedOut.self) { try await lateClaim.value }
            let firstDeadline = ContinuousClock.now - started
            #expect(firstDeadline >= .milliseconds(200) && firstDeadline < .milliseconds(550), "\(firstDeadline)")
            await #expect(throws: TimedOut.self) { try await slow.value }
            let secondDeadline = ContinuousClock.now - started
            #expect(secondDeadline >= .milliseconds(600) && secondDeadline < .seconds(2), "\(secondDeadline)")
        }
    }

    @Test func manyRequestsAreEachAnsweredOnce() async throws {
        try await withLeases(wait: .milliseconds(100), limit: .milliseconds(300)) { leases in
            let answers = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<2000 {
                    group.addTask {
                        do {
                            return try await leases.lease(timedOut: { TimedOut() }) { claim in
                                // Every tenth attempt never finishes in time.
                                if index % 10 == 0 { try await Task.sleep(for: .seconds(2)) }
                                return claim() ? index : -1
                            }
                        } catch is TimedOut {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            #expect(answers.count == 2000)
            #expect(answers.filter { $0 == nil }.count == 200)
            #expect(Set(answers.compactMap { $0 }).count == 1800)
        }
    }

    @Test func shutdownAnswersEveryWaitingRequest() async throws {
        let leases = ConnectionLeases(wait: .seconds(60), limit: .seconds(120))
        let running = Task { await leases.run() }
        let stuck = Task {
            try await leases.lease(timedOut: { TimedOut() }) { _ -> Int in
                try await Task.sleep(for: .seconds(60))
                return 0
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        await #expect(throws: (any Error).self) { try await stuck.value }
        // A request made after the leases stopped is answered too, at once (a store's background
        // loop may still ask for one while the store shuts down).
        await running.value
        await #expect(throws: TimedOut.self) {
            try await leases.lease(timedOut: { TimedOut() }) { _ in 0 }
        }
    }
}
