public import StoreCore

extension TxnRequest {
    /// Whether any branch (at any depth) puts a key: such transactions count against the quota.
    public var containsPuts: Bool {
        (success + failure).contains { op in
            switch op {
            case .put: return true
            case .txn(let nested): return nested.containsPuts
            case .range, .deleteRange: return false
            }
        }
    }
}
