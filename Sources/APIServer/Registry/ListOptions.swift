public import KubeModel

/// How to read a collection: paging, the revision to read at, and which objects to keep.
public struct ListOptions: Sendable {
    /// The most objects to return; 0 means all.
    public var limit: Int64
    /// The `continue` token of the previous page, if any.
    public var continueToken: String?
    /// The `resourceVersion` parameter (empty: the latest).
    public var resourceVersion: String
    /// The `resourceVersionMatch` parameter: empty, `NotOlderThan` or `Exact`.
    public var resourceVersionMatch: String
    /// Keeps an object (label and field selectors); `nil` keeps all.
    public var filter: (@Sendable (JSONValue) -> Bool)?

    /// Creates options.
    public init(
        limit: Int64 = 0, continueToken: String? = nil, resourceVersion: String = "", resourceVersionMatch: String = "",
        filter: (@Sendable (JSONValue) -> Bool)? = nil
    ) {
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.filter = filter
    }
}
