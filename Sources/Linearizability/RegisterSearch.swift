/// The linearizability search for one key's operations (see ``LinearizabilityChecker``).
///
/// The history is a doubly linked list of call and return entries in time order; letting an
/// operation take effect lifts its two entries out of the list, and undoing it puts them back
/// (in reverse order, so the links are restored exactly).
struct RegisterSearch {
    private struct Entry {
        /// Index into `operations`.
        var operation: Int
        var isCall: Bool
    }

    /// A configuration already explored: the operations that took effect and the register.
    private struct Configuration: Hashable {
        var linearized: [UInt64]
        var state: String?
    }

    private let key: String
    private let operations: [RegisterOperation]
    private var entries: [Entry] = []
    /// For each call entry, its return entry.
    private var returnEntry: [Int] = []
    /// Links; index `entries.count` is the head sentinel, -1 the end.
    private var next: [Int] = []
    private var previous: [Int] = []

    init(key: String, operations: [RegisterOperation]) {
        self.key = key
        // A read without an answer tells nothing.
        self.operations = operations.filter { $0.call != .read || $0.completed != nil }
        var timed: [(time: Duration?, entry: Entry)] = []
        for (index, operation) in self.operations.enumerated() {
            timed.append((operation.invoked, Entry(operation: index, isCall: true)))
            // A return never precedes its call, even in a history recorded with a bad clock.
            let completed = operation.completed.map { max($0, operation.invoked) }
            timed.append((completed, Entry(operation: index, isCall: false)))
        }
        // In time order; an unknown completion is last; at equal times calls go first, so
        // operations that touch at an instant count as concurrent.
        timed.sort { lhs, rhs in
            switch (lhs.time, rhs.time) {
            case (let l?, let r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default:
                if lhs.entry.isCall != rhs.entry.isCall { return lhs.entry.isCall }
                return lhs.entry.operation < rhs.entry.operation
            }
        }
        entries = timed.map(\.entry)
        returnEntry = Array(repeating: -1, count: entries.count)
        var callEntry = Array(repeating: -1, count: self.operations.count)
        for (index, entry) in entries.enumerated() {
            if entry.isCall {
                callEntry[entry.operation] = index
            } else {
                returnEntry[callEntry[entry.operation]] = index
            }
        }
        let count = entries.count
        next = (0..<count).map { $0 + 1 < count ? $0 + 1 : -1 } + [count > 0 ? 0 : -1]
        previous = (0..<count).map { $0 == 0 ? count : $0 - 1 } + [-1]
    }

    /// Searches for a linearization; returns nil when there is one, else the counterexample.
    mutating func run() -> LinearizabilityCounterexample? {
        let head = entries.count
        var state: String? = nil
        var linearized = [UInt64](repeating: 0, count: (operations.count + 63) / 64)
        var explored: Set<Configuration> = []
        var stack: [(call: Int, state: String?)] = []
        var best: LinearizabilityCounterexample?
        var cursor = next[head]
        while next[head] != -1 {
            let entry = entries[cursor]
            if entry.isCall {
                if let after = operations[entry.operation].apply(to: state) {
                    var candidate = linearized
                    candidate[entry.operation / 64] |= 1 << UInt64(entry.operation % 64)
                    if explored.insert(Configuration(linearized: candidate, state: after)).inserted {
                        stack.append((cursor, state))
                        state = after
                        linearized = candidate
                        lift(cursor)
                        cursor = next[head]
                        continue
                    }
                }
                cursor = next[cursor]
            } else {
                // This operation returned without having taken effect: undo the last choice.
                if best.map({ stack.count > $0.linearized.count }) ?? true {
                    best = LinearizabilityCounterexample(
                        key: key, linearized: stack.map { operations[entries[$0.call].operation] }, state: state,
                        stuck: operations[entry.operation])
                }
                guard let (call, previousState) = stack.popLast() else { return best }
                let operation = entries[call].operation
                linearized[operation / 64] &= ~(1 << UInt64(operation % 64))
                state = previousState
                unlift(call)
                cursor = next[call]
            }
        }
        return nil
    }

    private mutating func lift(_ call: Int) {
        remove(call)
        remove(returnEntry[call])
    }

    private mutating func unlift(_ call: Int) {
        restore(returnEntry[call])
        restore(call)
    }

    private mutating func remove(_ entry: Int) {
        let (before, after) = (previous[entry], next[entry])
        next[before] = after
        if after != -1 { previous[after] = before }
    }

    private mutating func restore(_ entry: Int) {
        let (before, after) = (previous[entry], next[entry])
        next[before] = entry
        if after != -1 { previous[after] = entry }
    }
}
