/// The result of a ``PutRequest``.
public struct PutResponse: Sendable, Hashable {
    /// The revision of the write.
    public var revision: Revision
    /// The pair before the write, when asked for and the key existed.
    public var prevKV: KeyValue?

    public init(revision: Revision, prevKV: KeyValue? = nil) {
        self.revision = revision
        self.prevKV = prevKV
    }
}
