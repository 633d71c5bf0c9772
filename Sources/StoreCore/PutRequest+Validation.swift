extension PutRequest {
    /// Checks the request's shape as etcd does before it reaches the store.
    /// - Throws: ``StoreError/emptyKey``, ``StoreError/valueProvided``, ``StoreError/leaseProvided``.
    public func validate() throws(StoreError) {
        if key.isEmpty { throw .emptyKey }
        if ignoreValue && !value.isEmpty { throw .valueProvided }
        if ignoreLease && lease != 0 { throw .leaseProvided }
    }
}
