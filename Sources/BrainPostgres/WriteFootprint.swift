import Foundation
import StoreCore

/// The single keys and the leases a batch of writes will look up, read ahead for the whole batch
/// in one statement each (see ``PostgresWriter/readAhead(_:)``) instead of one round trip per
/// request.
///
/// It is only a hint: a lookup the footprint missed still goes to the database, so a footprint
/// that names too little costs round trips, never correctness.
struct WriteFootprint: Sendable {
    /// Keys read as single keys: put targets, single-key deletes and compares.
    var keys: Set<Data> = []
    /// Leases that puts attach keys to.
    var leases: Set<LeaseID> = []
    /// The request bytes (keys and values), to cap a batch's size.
    var bytes = 0
    /// Whether the requests will certainly need statements of their own (a range compare, a
    /// delete of a range, a lease revocation, a compaction), so the batch goes straight to a
    /// transaction instead of trying the two-statement path first.
    var needsStatements = false

    /// Nothing to read ahead.
    static let none = WriteFootprint()

    /// Nothing to read ahead, and statements certainly needed.
    static let statements: WriteFootprint = {
        var footprint = WriteFootprint()
        footprint.needsStatements = true
        return footprint
    }()

    /// The footprint of one put.
    init(_ put: PutRequest) {
        add(put)
    }

    /// The footprint of one delete.
    init(_ delete: DeleteRangeRequest) {
        add(delete.range)
        needsStatements = !delete.range.isSingleKey
    }

    /// The footprint of a transaction: both branches, since which one runs is decided in the batch.
    init(_ txn: TxnRequest) {
        add(txn)
        // Its own compares always run; its branches' ranges only when that branch is taken.
        needsStatements = txn.compare.contains { !$0.range.isSingleKey }
    }

    private init() {}

    /// Adds the footprint of `other`.
    mutating func formUnion(_ other: WriteFootprint) {
        keys.formUnion(other.keys)
        leases.formUnion(other.leases)
        bytes += other.bytes
        needsStatements = needsStatements || other.needsStatements
    }

    private mutating func add(_ put: PutRequest) {
        keys.insert(put.key)
        if put.lease != 0 { leases.insert(put.lease) }
        bytes += put.key.count + put.value.count
    }

    private mutating func add(_ range: KeyRange) {
        if range.isSingleKey { keys.insert(range.start) }
        bytes += range.start.count + range.end.count
    }

    private mutating func add(_ txn: TxnRequest) {
        for compare in txn.compare { add(compare.range) }
        for op in txn.success + txn.failure {
            switch op {
            case .put(let put): add(put)
            case .deleteRange(let delete): add(delete.range)
            case .range(let range): bytes += range.range.start.count + range.range.end.count
            case .txn(let inner): add(inner)
            }
        }
    }
}
