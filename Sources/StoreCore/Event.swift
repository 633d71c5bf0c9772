/// One change in the store's history, as a watcher receives it.
public struct Event: Sendable, Hashable {
    /// The kind of change.
    public enum Kind: Sendable, Hashable {
        case put, delete
    }

    public var kind: Kind
    /// For a put the new pair; for a delete the key with the deleting revision as mod revision.
    public var kv: KeyValue
    /// The pair before the change, when the watcher asked for it and it is still in history.
    public var prevKV: KeyValue?

    public init(kind: Kind, kv: KeyValue, prevKV: KeyValue? = nil) {
        self.kind = kind
        self.kv = kv
        self.prevKV = prevKV
    }
}
