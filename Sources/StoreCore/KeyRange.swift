public import Foundation

/// The keys a request addresses, with etcd's encoding of ranges.
///
/// An empty ``end`` addresses the single key ``start``. An ``end`` of `"\0"` addresses every key at
/// or after ``start``; with a ``start`` of `"\0"` too it addresses all keys. Otherwise the range is
/// the half-open interval `[start, end)`, so the prefix `p` is `[p, p + 1)`.
public struct KeyRange: Sendable, Hashable {
    /// The first key.
    public var start: Data
    /// The exclusive end, in etcd's encoding (see the type's discussion).
    public var end: Data

    /// Creates a range from etcd's `key` and `range_end` fields.
    public init(key: Data, rangeEnd: Data = Data()) {
        self.start = key
        self.end = rangeEnd
    }

    /// The range of all keys that start with `prefix`.
    public static func prefix(_ prefix: Data) -> KeyRange {
        KeyRange(key: prefix, rangeEnd: prefixEnd(prefix))
    }

    /// Whether the range is a single key.
    public var isSingleKey: Bool { end.isEmpty }

    /// Whether the range is unbounded above.
    public var isOpenEnded: Bool { end.count == 1 && end.first == 0 }

    /// Whether `key` falls inside the range.
    public func contains(_ key: Data) -> Bool {
        if isSingleKey { return key == start }
        guard KeyOrder.compare(key, start) >= 0 else { return false }
        return isOpenEnded || KeyOrder.compare(key, end) < 0
    }

    /// Whether the interval `[start, end)` is empty, e.g. because `end` sorts before `start`.
    public var isEmpty: Bool {
        !isSingleKey && !isOpenEnded && KeyOrder.compare(start, end) >= 0
    }

    /// The smallest key greater than every key with the given prefix, as etcd computes it:
    /// the prefix with its last byte below 0xff incremented and the rest dropped, or `"\0"` when
    /// every byte is 0xff.
    public static func prefixEnd(_ prefix: Data) -> Data {
        var bytes = [UInt8](prefix)
        while let last = bytes.last {
            if last < 0xff {
                bytes[bytes.count - 1] = last + 1
                return Data(bytes)
            }
            bytes.removeLast()
        }
        return Data([0])
    }
}
