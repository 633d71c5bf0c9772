public import Foundation

/// Why bytes could not be read as an etcd snapshot.
public enum EtcdSnapshotError: Error, Hashable, Sendable {
    /// The SHA-256 trailer does not match the database bytes before it.
    case hashMismatch
    /// The database part is not a readable bbolt file.
    case invalidDatabase(BoltFileError)
    /// A bucket every etcd backend has (`key`, `meta`) is missing.
    case missingBucket(String)
    /// A `key` bucket entry has a key that is not an etcd revision.
    case malformedRevisionKey(Data)
    /// A stored protobuf record (`mvccpb.KeyValue` or `leasepb.Lease`) does not decode.
    case malformedRecord(bucket: String, key: Data, ProtobufDecodingError)
    /// A bookkeeping value (in the `meta` or `auth` bucket) has the wrong size.
    case malformedValue(bucket: String, key: String)
}
