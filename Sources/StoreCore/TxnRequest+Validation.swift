public import Foundation

extension TxnRequest {
    /// Checks the transaction the way etcd does before running it.
    ///
    /// Refuses empty keys, lists longer than `maxOperations`, and branches that write one key
    /// twice: two puts of a key, or a put of a key that a delete in the same branch (or an
    /// enclosing one) covers. A put in a nested transaction's success and failure branches is
    /// fine, since only one of them runs.
    /// - Parameter maxOperations: the most operations one list may hold (etcd's default is 128).
    /// - Throws: ``StoreError/tooManyOperations``, ``StoreError/emptyKey``,
    ///   ``StoreError/duplicateKey``.
    public func validate(maxOperations: Int) throws(StoreError) {
        try checkShape(maxOperations: maxOperations)
        _ = try Self.writtenKeys(of: success)
        _ = try Self.writtenKeys(of: failure)
    }

    private func checkShape(maxOperations: Int) throws(StoreError) {
        if compare.count > maxOperations || success.count > maxOperations || failure.count > maxOperations {
            throw .tooManyOperations
        }
        for op in success + failure {
            switch op {
            case .range(let request): if request.range.start.isEmpty { throw .emptyKey }
            case .put(let request): try request.validate()
            case .deleteRange(let request): if request.range.start.isEmpty { throw .emptyKey }
            case .txn(let nested): try nested.checkShape(maxOperations: maxOperations)
            }
        }
    }

    /// The keys a branch puts and the ranges it deletes, or a duplicate-key error.
    private static func writtenKeys(of ops: [RequestOp]) throws(StoreError) -> (puts: Set<Data>, deletes: [KeyRange]) {
        var deletes: [KeyRange] = ops.compactMap {
            if case .deleteRange(let request) = $0 { return request.range }
            return nil
        }
        func isDeleted(_ key: Data) -> Bool { deletes.contains { $0.contains(key) } }

        var puts = Set<Data>()
        for case .txn(let nested) in ops {
            let then = try writtenKeys(of: nested.success)
            let otherwise = try writtenKeys(of: nested.failure)
            for key in then.puts {
                if puts.contains(key) || isDeleted(key) { throw .duplicateKey }
                puts.insert(key)
            }
            for key in otherwise.puts {
                if puts.contains(key) && !then.puts.contains(key) { throw .duplicateKey }
                if isDeleted(key) { throw .duplicateKey }
                puts.insert(key)
            }
            deletes += then.deletes + otherwise.deletes
        }
        for case .put(let request) in ops {
            if puts.contains(request.key) || isDeleted(request.key) { throw .duplicateKey }
            puts.insert(request.key)
        }
        return (puts, deletes)
    }
}
