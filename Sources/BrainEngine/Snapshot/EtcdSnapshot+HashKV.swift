import Foundation
import StoreCore
extension EtcdSnapshot {
    /// etcd's `HashKV` value of this history (the records up to the hashed revision), so that
    /// `etcdctl endpoint hashkv` agrees between etcd and any brain backend holding the same history.
    ///
    /// etcd hashes its backend's `key` bucket with CRC-32C: the bucket name, then every record in
    /// revision order, as its revision key and its `mvccpb.KeyValue` bytes. Records at or before
    /// the compaction point count only if they are still the newest live write of their key.
    public var hashKV: UInt32 {
        // etcd's kvindex.Keep(upTo): each key's newest write, unless it is a deletion.
        var newest: [Data: EtcdSnapshotRecord] = [:]
        for record in self.records { newest[record.keyValue.key] = record }
        let kept = Set(newest.values.lazy.filter { !$0.isTombstone }.map(\.revisionKey))
        var hash = CRC32C.checksum(Array("key".utf8))
        for record in self.records {
            let revisionKey = record.revisionKey
            if record.revision <= self.compactRevision && !kept.isEmpty && !kept.contains(revisionKey) { continue }
            hash = CRC32C.checksum(revisionKey, seed: hash)
            hash = CRC32C.checksum(record.keyValue.mvccProtobuf, seed: hash)
        }
        return hash
    }
}
