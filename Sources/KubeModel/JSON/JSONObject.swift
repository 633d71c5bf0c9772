/// A JSON object whose members keep the order they were written or added in.
///
/// Kubernetes objects are small, so members live in an array and lookups scan it; equality ignores
/// member order, as JSON's does.
public struct JSONObject: Sendable, Equatable, RandomAccessCollection {
    /// One `"key": value` pair.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    private var members: [Member]

    /// Creates an empty object.
    public init() {
        self.members = []
    }

    /// Creates an object from pairs in order; a repeated key keeps its first position and last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        self.members = []
        for (key, value) in pairs {
            self[key] = value
        }
    }

    /// Creates an object from members that are known to have distinct keys (the parser's case).
    init(uniqueMembers: [Member]) {
        self.members = uniqueMembers
    }

    public var startIndex: Int { self.members.startIndex }
    public var endIndex: Int { self.members.endIndex }
    public subscript(position: Int) -> Member { self.members[position] }

    /// The member names, in order.
    public var keys: [String] { self.members.map(\.key) }

    /// The value of member `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            self.members.first(where: { $0.key == key })?.value
        }
        set {
            if let index = self.members.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    self.members[index].value = newValue
                } else {
                    self.members.remove(at: index)
                }
            } else if let newValue {
                self.members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Removes every member whose key does not satisfy `keep`.
    public mutating func removeAll(where shouldRemove: (Member) throws -> Bool) rethrows {
        try self.members.removeAll(where: shouldRemove)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members where rhs[member.key] != member.value {
            return false
        }
        return true
    }
}
