public import Foundation

extension PutRequest {
    /// The pair this put writes at `revision` over `previous` (the key's live pair, if any): a
    /// new key starts at version 1 with `revision` as its create revision; `ignoreValue` and
    /// `ignoreLease` keep the previous value and lease.
    public func keyValue(at revision: Revision, previous: KeyValue?) -> KeyValue {
        KeyValue(
            key: key,
            createRevision: previous?.createRevision ?? revision,
            modRevision: revision,
            version: (previous?.version ?? 0) + 1,
            value: ignoreValue ? previous?.value ?? Data() : value,
            lease: ignoreLease ? previous?.lease ?? 0 : lease
        )
    }
}
