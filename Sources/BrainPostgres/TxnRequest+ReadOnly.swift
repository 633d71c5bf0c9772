import StoreCore

extension TxnRequest {
    /// Whether no branch (nested ones included) writes: such a transaction needs no leader and
    /// no revision lock, only one snapshot.
    var isReadOnly: Bool {
        (success + failure).allSatisfy { op in
            switch op {
            case .range: true
            case .put, .deleteRange: false
            case .txn(let inner): inner.isReadOnly
            }
        }
    }
}
