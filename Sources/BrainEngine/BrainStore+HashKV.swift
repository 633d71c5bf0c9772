import Foundation
public import StoreCore
import Synchronization

extension BrainStore {
    /// etcd's `HashKV` value at `revision` (0: the current one), so that `etcdctl endpoint hashkv`
    /// agrees between brain and etcd holding the same history; with the current revision (which
    /// etcd puts in the response header) and the compaction point.
    ///
    /// etcd hashes its backend's `key` bucket with CRC-32C: the bucket name, then every record at
    /// or before the revision, in revision order, as its revision key and its `mvccpb.KeyValue`
    /// bytes. Records at or before the compaction point count only if they are still the newest
    /// live write of their key at the hashed revision. The same records make brain's etcd
    /// snapshots, so both come from ``etcdSnapshot(of:upTo:)``.
    public func hashKV(revision: Revision) throws(StoreError) -> (hash: UInt32, revision: Revision, compactRevision: Revision) {
        let (mvcc, upTo, current) = try state.withLock { state throws(StoreError) in
            (state.mvcc, try state.mvcc.readableRevision(revision, current: state.readableRevision), state.readableRevision)
        }
        let compacted = mvcc.compactRevision
        let snapshot = Self.etcdSnapshot(of: mvcc, upTo: upTo)
        // etcd's kvindex.Keep(upTo): each key's newest write at `upTo`, unless it is a deletion.
        var newest: [Data: EtcdSnapshotRecord] = [:]
        for record in snapshot.records { newest[record.keyValue.key] = record }
        let kept = Set(newest.values.lazy.filter { !$0.isTombstone }.map(\.revisionKey))
        var hash = CRC32C.checksum(Array("key".utf8))
        for record in snapshot.records {
            let revisionKey = record.revisionKey
            if record.revision <= compacted && !kept.isEmpty && !kept.contains(revisionKey) { continue }
            hash = CRC32C.checksum(revisionKey, seed: hash)
            hash = CRC32C.checksum(record.keyValue.mvccProtobuf, seed: hash)
        }
        return (hash, current, compacted)
    }
}
