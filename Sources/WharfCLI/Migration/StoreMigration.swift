import Foundation
import StoreCore

/// Copies the keys of one etcd v3 store into another as they were at one source revision, with
/// their values and leases, writing only what differs.
///
/// The source is read in pages at the revision of the first read, so the copy is one consistent
/// snapshot even while the source keeps changing. Each lease a copied key is attached to (and,
/// with ``copiesEveryLease``, every other live lease) is granted on the target under the same ID
/// with the TTL it has left; a lease the target has already is kept as it is. A key whose lease has
/// expired on the source is skipped, as the source has deleted it meanwhile. Each page is compared
/// with the target and only keys whose value or lease differ are written, in transactions of at
/// most ``maxOperationsPerTxn`` puts, so running the migration again changes nothing.
///
/// Keys the target has and the source lacks are left alone.
struct StoreMigration {
    /// etcd's default `--max-txn-ops`.
    static let maxOperationsPerTxn = 128
    /// Bytes of keys and values per transaction, below etcd's default `--max-request-bytes`
    /// (1.5 MiB); a single larger key goes alone.
    static let maxBytesPerTxn = 1 << 20

    /// Where the keys come from.
    let source: any KeyValueStore
    /// Where they go.
    let target: any KeyValueStore
    /// The keys to copy; every key by default.
    var range = KeyRange(key: Data([0]), rangeEnd: Data([0]))
    /// Whether to grant every live lease of the source, also those no copied key uses.
    var copiesEveryLease = true
    /// Whether to only count what would change.
    var dryRun = false
    /// Keys read from the source per request.
    var pageSize: Int64 = 500
    /// How often ``run(progress:)`` reports progress, at most.
    var progressInterval = Duration.milliseconds(500)

    /// Runs the migration.
    ///
    /// - Parameter progress: called with the counts so far, at most once per ``progressInterval``,
    ///   and once more at the end.
    /// - Returns: the final counts.
    /// - Throws: ``StoreMigrationError`` naming the side that failed.
    func run(progress: (StoreMigrationSummary) -> Void) async throws -> StoreMigrationSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var lastReport = started
        let head = try await StoreMigrationError.onSource { try await source.range(RangeRequest(range: range, countOnly: true)) }
        var summary = StoreMigrationSummary(revision: head.revision, total: head.count)
        var leases = LeaseCopier(source: source, target: target, dryRun: dryRun)
        var start = range.start
        while true {
            let page = try await StoreMigrationError.onSource(at: head.revision) {
                try await source.range(
                    RangeRequest(range: KeyRange(key: start, rangeEnd: range.end), limit: pageSize, revision: head.revision))
            }
            guard let last = page.kvs.last else { break }
            try await copy(page.kvs, leases: &leases, summary: &summary)
            summary.elapsed = clock.now - started
            if clock.now - lastReport >= progressInterval {
                lastReport = clock.now
                progress(summary)
            }
            if !page.more { break }
            start = last.key + [0]
        }
        if copiesEveryLease {
            let live = try await StoreMigrationError.onSource { try await source.leases() }
            for id in live { _ = try await leases.copy(id, summary: &summary) }
        }
        summary.elapsed = clock.now - started
        progress(summary)
        return summary
    }

    /// Compares one page of source keys (in key order) with the target and writes the differences.
    private func copy(
        _ kvs: [KeyValue], leases: inout LeaseCopier, summary: inout StoreMigrationSummary
    ) async throws {
        guard let first = kvs.first, let last = kvs.last else { return }
        let existing = try await StoreMigrationError.onTarget {
            try await target.range(RangeRequest(range: KeyRange(key: first.key, rangeEnd: last.key + [0])))
        }
        let current = Dictionary(existing.kvs.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        var batch: [RequestOp] = []
        var batchBytes = 0
        for kv in kvs {
            summary.processed += 1
            if kv.lease != 0, try await !leases.copy(kv.lease, summary: &summary) {
                summary.skipped += 1
                continue
            }
            if let have = current[kv.key], have.value == kv.value, have.lease == kv.lease {
                summary.unchanged += 1
                continue
            }
            let bytes = kv.key.count + kv.value.count
            if !batch.isEmpty && (batch.count == Self.maxOperationsPerTxn || batchBytes + bytes > Self.maxBytesPerTxn) {
                try await write(batch)
                (batch, batchBytes) = ([], 0)
            }
            batch.append(.put(PutRequest(key: kv.key, value: kv.value, lease: kv.lease)))
            batchBytes += bytes
            summary.copied += 1
        }
        if !batch.isEmpty { try await write(batch) }
    }

    private func write(_ puts: [RequestOp]) async throws {
        if dryRun { return }
        _ = try await StoreMigrationError.onTarget { try await target.txn(TxnRequest(success: puts)) }
    }
}
