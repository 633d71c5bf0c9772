import Foundation
import KubeModel
import Logging
import StoreCore

/// Mirrors every object under the registry prefix into an ``OwnerGraph``: one paged list at one
/// revision, then one store watch over the whole prefix from the next revision; after the watch
/// ends (a store failure or reconnect) it resumes from the revision after the last event seen,
/// and lists again when that revision was compacted. kube's reflector, over the whole registry at
/// once, so a resource the catalog gains later (a custom resource) is already in the graph.
///
/// Values that are not JSON objects with a uid (address reservations, foreign keys) are skipped.
struct RegistryReflector: Sendable {
    /// A change to the mirrored registry.
    enum Update: Sendable {
        /// A fresh listing replaces everything.
        case replaced([(key: Data, node: OwnerGraph.Node)])
        /// An object was written.
        case put(Data, OwnerGraph.Node)
        /// The object at a key was deleted.
        case deleted(Data)
    }

    let store: any KeyValueStore
    /// The key prefix of every object, ending in `/`.
    let prefix: Data
    let logger: Logger
    /// How many keys one page of the listing reads.
    static let pageSize: Int64 = 500

    /// Lists and watches until cancelled, handing each batch of updates to `apply` in store order.
    func run(_ apply: @Sendable ([Update]) -> Void) async {
        var resumeFrom: Revision?
        var failures = 0
        while !Task.isCancelled {
            do {
                let start: Revision
                if let resumeFrom {
                    start = resumeFrom
                } else {
                    let (listed, revision) = try await self.list()
                    apply([.replaced(listed)])
                    start = revision + 1
                    self.logger.info(
                        "lifecycle controllers listed the registry", metadata: ["objects": "\(listed.count)", "etcd.revision": "\(revision)"]
                    )
                }
                let opened = ContinuousClock.now
                resumeFrom = await self.watch(from: start, apply)
                failures = ContinuousClock.now - opened > .seconds(10) ? 1 : failures + 1
            } catch {
                failures += 1
                if failures == 1 || failures % 10 == 0 {
                    self.logger.info("listing the registry failed; retrying", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: min(.milliseconds(50) * (1 << min(failures, 7)), .seconds(5)))
        }
    }

    /// The whole registry at one revision.
    private func list() async throws -> ([(key: Data, node: OwnerGraph.Node)], Revision) {
        var listed: [(key: Data, node: OwnerGraph.Node)] = []
        var start = self.prefix
        let end = KeyRange.prefixEnd(self.prefix)
        var revision: Revision = 0
        while true {
            let response = try await self.store.range(
                RangeRequest(range: KeyRange(key: start, rangeEnd: end), limit: Self.pageSize, revision: revision)
            )
            if revision == 0 { revision = response.revision }
            for kv in response.kvs {
                if let node = Self.node(kv) { listed.append((kv.key, node)) }
            }
            guard response.more, let last = response.kvs.last else { return (listed, revision) }
            start = last.key + [0]
        }
    }

    /// Follows one store watch from `start`; returns the revision to resume from when the watch
    /// ends, or `nil` when its start revision was compacted (list again).
    private func watch(from start: Revision, _ apply: @Sendable ([Update]) -> Void) async -> Revision? {
        let session = self.store.openWatchSession()
        var next = start
        await withTaskCancellationHandler {
            session.create(WatchCreateRequest(range: .prefix(self.prefix), startRevision: start))
            loop: for await batch in session.responses {
                for response in batch {
                    if response.canceled {
                        if response.compactRevision > 0 { next = 0 }
                        break loop
                    }
                    var updates: [Update] = []
                    for event in response.events {
                        switch event.kind {
                        case .put:
                            if let node = Self.node(event.kv) {
                                updates.append(.put(event.kv.key, node))
                            } else {
                                updates.append(.deleted(event.kv.key))
                            }
                        case .delete:
                            updates.append(.deleted(event.kv.key))
                        }
                        next = event.kv.modRevision + 1
                    }
                    if !updates.isEmpty { apply(updates) }
                }
            }
        } onCancel: {
            session.close()
        }
        session.close()
        guard next > 0 else {
            self.logger.info("lifecycle controllers' registry watch was compacted; listing again")
            return nil
        }
        return next
    }

    /// The graph node of a stored value, or `nil` when it is no object with a uid.
    static func node(_ kv: KeyValue) -> OwnerGraph.Node? {
        guard kv.value.first == UInt8(ascii: "{"), let object = try? JSONParser.parse(kv.value) else { return nil }
        return OwnerGraph.Node(object)
    }
}
