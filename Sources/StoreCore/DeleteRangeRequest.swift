/// A deletion of every key in a range.
public struct DeleteRangeRequest: Sendable, Hashable {
    public var range: KeyRange
    /// Return the deleted pairs.
    public var prevKV: Bool

    public init(range: KeyRange, prevKV: Bool = false) {
        self.range = range
        self.prevKV = prevKV
    }
}
