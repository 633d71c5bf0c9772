/// One `name=value` pair of a request target's query.
struct QueryItem: Sendable, Hashable {
    var name: String
    var value: String
}
