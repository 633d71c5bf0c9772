/// Access a role grants to a key or range.
public struct Permission: Sendable, Hashable {
    /// What the permission allows.
    public enum Kind: Int, Sendable, Hashable {
        case read = 0, write = 1, readWrite = 2

        /// Whether this kind allows reading.
        public var allowsRead: Bool { self != .write }
        /// Whether this kind allows writing.
        public var allowsWrite: Bool { self != .read }
    }

    public var kind: Kind
    /// The key or range the permission covers (etcd's key/range_end encoding).
    public var range: KeyRange

    public init(kind: Kind, range: KeyRange) {
        self.kind = kind
        self.range = range
    }
}
