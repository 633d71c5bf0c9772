import Linearizability
import Testing

/// Hand-written histories with a known verdict, and generated ones from an atomic register.
@Suite struct LinearizabilityCheckerTests {
    /// An operation on key "k" over `[from, to]` seconds; `to` nil leaves the outcome unknown.
    private func op(
        _ client: Int, _ call: RegisterCall, _ from: Int, _ to: Int?, _ result: RegisterResult? = nil, key: String = "k"
    ) -> RegisterOperation {
        let outcome: RegisterOperation.Outcome
        if let to {
            let answer: RegisterResult
            switch call {
            case .write: answer = .written
            default: answer = result ?? .written
            }
            outcome = .returned(answer, at: .seconds(to))
        } else {
            outcome = .unknown
        }
        return RegisterOperation(client: client, key: key, call: call, invoked: .seconds(from), outcome: outcome)
    }

    private func counterexample(_ history: [RegisterOperation]) -> LinearizabilityCounterexample? {
        if case .notLinearizable(let counterexample) = LinearizabilityChecker.check(history) { return counterexample }
        return nil
    }

    @Test func emptyAndSequentialHistoriesPass() {
        #expect(LinearizabilityChecker.check([]) == .linearizable)
        let history = [
            op(1, .read, 0, 1, .read(nil)),
            op(1, .write("a"), 2, 3),
            op(2, .read, 4, 5, .read("a")),
            op(2, .compareAndSet(expected: "a", new: "b"), 6, 7, .compareAndSet(succeeded: true)),
            op(1, .compareAndSet(expected: "a", new: "c"), 8, 9, .compareAndSet(succeeded: false)),
            op(1, .read, 10, 11, .read("b")),
        ]
        #expect(LinearizabilityChecker.check(history) == .linearizable)
    }

    @Test func aReadConcurrentWithAWriteMaySeeEitherValue() {
        for seen in [nil, "a"] as [String?] {
            let history = [op(1, .write("a"), 0, 10), op(2, .read, 1, 2, .read(seen))]
            #expect(LinearizabilityChecker.check(history) == .linearizable)
        }
        // Two overlapping writes may take effect in either order, but reads must agree on one.
        let agreeing = [
            op(1, .write("a"), 0, 5), op(2, .write("b"), 0, 5),
            op(3, .read, 6, 7, .read("a")), op(4, .read, 8, 9, .read("a")),
        ]
        #expect(LinearizabilityChecker.check(agreeing) == .linearizable)
        let flipping = [
            op(1, .write("a"), 0, 5), op(2, .write("b"), 0, 5),
            op(3, .read, 6, 7, .read("a")), op(4, .read, 8, 9, .read("b")),
        ]
        #expect(counterexample(flipping) != nil)
    }

    @Test func aStaleReadFails() throws {
        let history = [op(1, .write("a"), 0, 1), op(2, .read, 2, 3, .read(nil))]
        let failure = try #require(counterexample(history))
        #expect(failure.key == "k")
        #expect(failure.stuck == history[1])
        #expect(failure.linearized == [history[0]])
        #expect(failure.state == "a")
        #expect(failure.description.contains("client 2 k: read = absent [2.0 seconds, 3.0 seconds]"))
    }

    @Test func aLostWriteFails() {
        let history = [op(1, .write("a"), 0, 1), op(1, .write("b"), 2, 3), op(2, .read, 4, 5, .read("a"))]
        #expect(counterexample(history)?.stuck == history[2])
    }

    @Test func aReadOfAValueNeverWrittenFails() {
        #expect(counterexample([op(1, .write("a"), 0, 1), op(2, .read, 0, 2, .read("z"))]) != nil)
    }

    @Test func twoCompareAndSetsFromOneValueCannotBothSucceed() {
        let history = [
            op(1, .write("a"), 0, 1),
            op(2, .compareAndSet(expected: "a", new: "b"), 2, 4, .compareAndSet(succeeded: true)),
            op(3, .compareAndSet(expected: "a", new: "c"), 2, 4, .compareAndSet(succeeded: true)),
        ]
        #expect(counterexample(history) != nil)
        // One of them failing is fine, and a later read shows the winner.
        var fine = history
        fine[2] = op(3, .compareAndSet(expected: "a", new: "c"), 2, 4, .compareAndSet(succeeded: false))
        fine.append(op(1, .read, 5, 6, .read("b")))
        #expect(LinearizabilityChecker.check(fine) == .linearizable)
        // A compare-and-set that reports failure although the value matched is an anomaly too.
        let wrongFailure = [
            op(1, .write("a"), 0, 1),
            op(2, .compareAndSet(expected: "a", new: "b"), 2, 3, .compareAndSet(succeeded: false)),
        ]
        #expect(counterexample(wrongFailure)?.stuck == wrongFailure[1])
    }

    @Test func aWriteWithUnknownOutcomeMayTakeEffectLaterOrNever() {
        // It took effect between the two reads, long after its client gave up.
        let later = [op(1, .write("a"), 0, nil), op(2, .read, 5, 6, .read(nil)), op(2, .read, 7, 8, .read("a"))]
        #expect(LinearizabilityChecker.check(later) == .linearizable)
        // It never took effect.
        let never = [op(1, .write("a"), 0, nil), op(2, .read, 5, 6, .read(nil))]
        #expect(LinearizabilityChecker.check(never) == .linearizable)
        // But not before it was sent, and not undone once seen.
        let early = [op(2, .read, 0, 1, .read("a")), op(1, .write("a"), 2, nil)]
        #expect(counterexample(early)?.stuck == early[0])
        let undone = [op(1, .write("a"), 0, nil), op(2, .read, 2, 3, .read("a")), op(2, .read, 4, 5, .read(nil))]
        #expect(counterexample(undone) != nil)
        // A compare-and-set with an unknown outcome applies only if the value matched.
        let cas = [
            op(1, .write("a"), 0, 1),
            op(2, .compareAndSet(expected: "a", new: "b"), 2, nil),
            op(1, .read, 3, 4, .read("a")), op(1, .read, 5, 6, .read("b")),
        ]
        #expect(LinearizabilityChecker.check(cas) == .linearizable)
        let casMismatch = [
            op(1, .write("x"), 0, 1),
            op(2, .compareAndSet(expected: "a", new: "b"), 2, nil),
            op(1, .read, 5, 6, .read("b")),
        ]
        #expect(counterexample(casMismatch) != nil)
        // A read with an unknown outcome says nothing.
        #expect(LinearizabilityChecker.check([op(1, .write("a"), 0, 1), op(2, .read, 2, nil)]) == .linearizable)
    }

    @Test func aReturnStampedBeforeItsCallCountsAsInstantaneous() {
        let history = [op(1, .write("a"), 5, 4), op(2, .read, 6, 7, .read("a"))]
        #expect(LinearizabilityChecker.check(history) == .linearizable)
    }

    @Test func keysAreCheckedIndependently() {
        let history = [
            op(1, .write("a"), 0, 1, key: "x"), op(2, .read, 2, 3, .read("a"), key: "x"),
            op(1, .write("a"), 0, 1, key: "y"), op(2, .read, 2, 3, .read(nil), key: "y"),
        ]
        #expect(counterexample(history)?.key == "y")
    }

    @Test func generatedHistoriesOfAnAtomicRegisterPass() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let history = Self.atomicRegisterHistory(operations: 400, clients: 6, using: &random)
            #expect(LinearizabilityChecker.check(history) == .linearizable)
            // A read after everything of a value the register cannot hold breaks it.
            let late = RegisterOperation(
                client: 99, key: "k", call: .read, invoked: .seconds(100), outcome: .returned(.read("bogus"), at: .seconds(101)))
            #expect(counterexample(history + [late])?.stuck == late)
        }
    }

    /// Clients take turns on an atomic register: each operation takes effect at one instant
    /// inside its interval, and intervals of different clients overlap freely.
    private static func atomicRegisterHistory(
        operations count: Int, clients: Int, using random: inout some RandomNumberGenerator
    ) -> [RegisterOperation] {
        var state: String? = nil
        var free = [Int](repeating: 0, count: clients)
        var history: [RegisterOperation] = []
        // Linearization points in increasing time; each op starts before its point and ends after.
        for point in stride(from: 10, to: 10 + count * 10, by: 10) {
            let client = Int.random(in: 0..<clients, using: &random)
            let start = max(free[client], point - Int.random(in: 1...40, using: &random))
            guard start < point else { continue }
            let end = point + Int.random(in: 1...40, using: &random)
            free[client] = end + 1
            let call: RegisterCall
            let result: RegisterResult
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                call = .read
                result = .read(state)
            case 1:
                let value = "v\(point)"
                call = .write(value)
                result = .written
                state = value
            default:
                let expected = Bool.random(using: &random) ? (state ?? "none") : "v\(point - 10)"
                call = .compareAndSet(expected: expected, new: "v\(point)")
                result = .compareAndSet(succeeded: state == expected)
                if state == expected { state = "v\(point)" }
            }
            history.append(
                RegisterOperation(
                    client: client, key: "k", call: call, invoked: .milliseconds(start),
                    outcome: .returned(result, at: .milliseconds(end))))
        }
        return history.shuffled(using: &random)
    }
}
