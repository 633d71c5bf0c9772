/// One `name=value` pair of a request target's query.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
}
