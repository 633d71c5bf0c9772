public import KubeModel
public import StoreCore

/// One page of a collection.
public struct ListResult: Sendable {
    /// The objects, in key order, each with its `resourceVersion`.
    public var items: [JSONValue]
    /// The revision the page was read at (the list's `resourceVersion`).
    public var revision: Revision
    /// The token for the next page, or `nil` on the last page.
    public var continueToken: String?
    /// How many objects follow this page, when known (no filter).
    public var remainingItemCount: Int64?
}
