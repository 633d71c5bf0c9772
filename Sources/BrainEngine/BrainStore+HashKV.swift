import Foundation
public import StoreCore
import Synchronization

extension BrainStore {
    /// etcd's `HashKV` value at `revision` (0: the current one), with the current revision
    /// (which etcd puts in the response header) and the compaction point; the history hashed is
    /// the one brain's etcd snapshots hold (``etcdSnapshot(of:upTo:)``).
    public func hashKV(revision: Revision) throws(StoreError) -> (hash: UInt32, revision: Revision, compactRevision: Revision) {
        let (mvcc, upTo, current) = try state.withLock { state throws(StoreError) in
            (state.mvcc, try state.mvcc.readableRevision(revision, current: state.readableRevision), state.readableRevision)
        }
        return (Self.etcdSnapshot(of: mvcc, upTo: upTo).hashKV, current, mvcc.compactRevision)
    }
}
