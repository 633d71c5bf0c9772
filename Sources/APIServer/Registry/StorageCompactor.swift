import Foundation
public import Logging
public import ServiceLifecycle
public import StoreCore

/// Compacts the store's history periodically, as kube-apiserver does (`--etcd-compaction-interval`,
/// 5 minutes by default): each round compacts at the revision the previous round saw, so watchers
/// have one interval to catch up.
///
/// Several API servers on one store coordinate through the key `compact_rev_key`, exactly as
/// kube-apiserver's do: a round only compacts when its compare-and-swap on that key's version
/// wins, so each interval compacts once however many replicas run (and Wharf and kube-apiserver
/// replicas can share a store).
public struct StorageCompactor: Service {
    private let store: any KeyValueStore
    private let interval: Duration
    private let logger: Logger

    /// The key kube-apiserver's compactors share.
    static let compactRevisionKey = Data("compact_rev_key".utf8)

    /// Creates a compactor; `interval` 0 disables compaction (``run()`` returns at once).
    public init(store: any KeyValueStore, interval: Duration, logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let logger = self.logger
        await runRounds(every: self.interval, waitFirst: true, initial: (version: Int64(0), revision: Revision(0))) { error in
            logger.warning("compaction round failed", metadata: ["error": "\(error)"])
        } _: { last in
            try await self.round(version: last.version, revision: last.revision)
        }
    }

    /// One round: claim the interval by bumping `compact_rev_key` and compact at `revision` (the
    /// previous round's) when the claim wins. Returns the key's version and the current revision.
    func round(version: Int64, revision: Revision) async throws -> (version: Int64, revision: Revision) {
        let key = Self.compactRevisionKey
        let response = try await self.store.txn(
            TxnRequest(
                compare: [Compare(range: KeyRange(key: key), target: .version(version), result: .equal)],
                success: [.put(PutRequest(key: key, value: Data(String(revision).utf8)))],
                failure: [.range(RangeRequest(range: KeyRange(key: key)))]
            )
        )
        guard response.succeeded else {
            guard case .range(let current)? = response.responses.first, let stored = current.kvs.first else {
                return (0, response.revision)
            }
            return (stored.version, response.revision)
        }
        if revision > 0 {
            do {
                _ = try await self.store.compact(revision: revision, physical: false)
                self.logger.info("compacted storage", metadata: ["etcd.revision": "\(revision)"])
            } catch StoreError.compacted {
                // Someone compacted further already.
            }
        }
        return (version + 1, response.revision)
    }
}
