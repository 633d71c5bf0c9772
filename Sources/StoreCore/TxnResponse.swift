/// The result of a ``TxnRequest``.
public struct TxnResponse: Sendable, Hashable {
    /// The store revision after the transaction.
    public var revision: Revision
    /// Whether the guard held (and ``TxnRequest/success`` ran).
    public var succeeded: Bool
    /// One response per operation of the branch that ran.
    public var responses: [ResponseOp]

    public init(revision: Revision, succeeded: Bool, responses: [ResponseOp] = []) {
        self.revision = revision
        self.succeeded = succeeded
        self.responses = responses
    }
}
