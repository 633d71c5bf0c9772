public import Foundation

/// One predicate of a transaction's guard, on a key or on every key of a range.
public struct Compare: Sendable, Hashable {
    /// The comparison to apply.
    public enum Result: Sendable, Hashable {
        case equal, greater, less, notEqual
    }

    /// The field compared, with the operand to compare it with.
    public enum Target: Sendable, Hashable {
        case version(Int64)
        case createRevision(Revision)
        case modRevision(Revision)
        case value(Data)
        case lease(LeaseID)
    }

    public var result: Result
    public var target: Target
    /// The key (or range) the predicate inspects.
    public var range: KeyRange

    public init(range: KeyRange, target: Target, result: Result) {
        self.range = range
        self.target = target
        self.result = result
    }

    /// Evaluates the predicate on one pair (a missing key is the all-zero pair).
    public func holds(for kv: KeyValue) -> Bool {
        let order: Int
        switch target {
        case .version(let operand): order = Self.order(kv.version, operand)
        case .createRevision(let operand): order = Self.order(kv.createRevision, operand)
        case .modRevision(let operand): order = Self.order(kv.modRevision, operand)
        case .lease(let operand): order = Self.order(kv.lease, operand)
        case .value(let operand): order = KeyOrder.compare(kv.value, operand)
        }
        switch result {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .greater: return order > 0
        case .less: return order < 0
        }
    }

    /// Evaluates the predicate on the live pairs of its range, as etcd does: every pair must
    /// satisfy it; a missing key has no value to compare, and otherwise compares as the all-zero pair.
    public func holds(forLive kvs: [KeyValue]) -> Bool {
        if kvs.isEmpty { return targetsValue ? false : holds(for: KeyValue(key: range.start)) }
        return kvs.allSatisfy { holds(for: $0) }
    }

    /// Whether the predicate targets the value, which a missing key can never satisfy.
    public var targetsValue: Bool {
        if case .value = target { return true }
        return false
    }

    private static func order(_ lhs: Int64, _ rhs: Int64) -> Int {
        lhs < rhs ? -1 : (lhs > rhs ? 1 : 0)
    }
}
