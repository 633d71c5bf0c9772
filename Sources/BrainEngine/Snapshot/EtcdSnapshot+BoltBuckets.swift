import Foundation
import StoreCore

/// The mapping between a snapshot and the buckets of etcd 3.4's backend database.
extension EtcdSnapshot {
    // Bucket names, as etcd 3.4 creates them on first start.

    /// The MVCC history: revision keys to `mvccpb.KeyValue`.
    static let keyBucket = "key"
    /// Store bookkeeping: the consistent index and the compaction revisions.
    static let metaBucket = "meta"
    /// Leases: 8-byte big-endian lease ids to `leasepb.Lease`.
    static let leaseBucket = "lease"
    /// Authentication flags: whether it is enabled and the auth revision.
    static let authBucket = "auth"
    /// Users: names to `authpb.User`.
    static let authUsersBucket = "authUsers"
    /// Roles: names to `authpb.Role`.
    static let authRolesBucket = "authRoles"
    /// Buckets written empty, since `etcdctl snapshot restore` sets up membership and alarms itself.
    static let emptyBuckets = ["alarm", "cluster", "members", "members_removed"]

    // Keys in the `meta` and `auth` buckets.

    /// `meta`: the last applied raft index, 8 bytes big-endian.
    static let consistentIndexKey = "consistent_index"
    /// `meta`: the revision of the last scheduled compaction, as a 17-byte revision key.
    static let scheduledCompactKey = "scheduledCompactRev"
    /// `meta`: the revision of the last finished compaction, as a 17-byte revision key.
    static let finishedCompactKey = "finishedCompactRev"
    /// `auth`: one byte, 1 when authentication is enabled.
    static let authEnabledKey = "authEnabled"
    /// `auth`: the auth revision, 8 bytes big-endian.
    static let authRevisionKey = "authRevision"

    /// The backend database as a tree of buckets.
    func boltRoot() -> BoltBucket {
        var buckets: [BoltEntry] = Self.emptyBuckets.map { .bucket(key: Array($0.utf8), bucket: BoltBucket()) }

        let history = records.map { record in
            BoltEntry.value(key: record.revisionKey, value: record.keyValue.mvccProtobuf)
        }
        buckets.append(Self.bucket(Self.keyBucket, history))

        var meta: [BoltEntry] = [
            .value(key: Array(Self.consistentIndexKey.utf8), value: Self.bigEndian(consistentIndex))
        ]
        if compactRevision > 0 {
            let revision = EtcdSnapshotRecord.revisionBytes(main: compactRevision, sub: 0)
            meta.append(.value(key: Array(Self.finishedCompactKey.utf8), value: revision))
        }
        if scheduledCompactRevision > 0 {
            let revision = EtcdSnapshotRecord.revisionBytes(main: scheduledCompactRevision, sub: 0)
            meta.append(.value(key: Array(Self.scheduledCompactKey.utf8), value: revision))
        }
        buckets.append(Self.bucket(Self.metaBucket, meta))

        let leaseEntries = leases.map { lease in
            BoltEntry.value(key: Self.bigEndian(UInt64(bitPattern: lease.id)), value: lease.leaseProtobuf)
        }
        buckets.append(Self.bucket(Self.leaseBucket, leaseEntries))

        var auth: [BoltEntry] = [.value(key: Array(Self.authEnabledKey.utf8), value: [isAuthEnabled ? 1 : 0])]
        if authRevision > 0 {
            auth.append(.value(key: Array(Self.authRevisionKey.utf8), value: Self.bigEndian(authRevision)))
        }
        buckets.append(Self.bucket(Self.authBucket, auth))
        buckets.append(
            Self.bucket(Self.authUsersBucket, authUsers.map { .value(key: Array($0.key), value: Array($0.value)) })
        )
        buckets.append(
            Self.bucket(Self.authRolesBucket, authRoles.map { .value(key: Array($0.key), value: Array($0.value)) })
        )

        return BoltBucket(entries: BoltBucket(entries: buckets).normalizedEntries())
    }

    /// Reads a snapshot from the backend database's bucket tree.
    init(boltRoot root: BoltBucket) throws(EtcdSnapshotError) {
        guard let history = root.bucket(named: Self.keyBucket) else { throw .missingBucket(Self.keyBucket) }
        guard let meta = root.bucket(named: Self.metaBucket) else { throw .missingBucket(Self.metaBucket) }
        self.init()

        records.reserveCapacity(history.entries.count)
        for case .value(let key, let value) in history.entries {
            guard let revision = EtcdSnapshotRecord.parseRevisionKey(key) else {
                throw .malformedRevisionKey(Data(key))
            }
            let keyValue: KeyValue
            do {
                keyValue = try KeyValue(mvccProtobuf: value)
            } catch {
                throw .malformedRecord(bucket: Self.keyBucket, key: Data(key), error)
            }
            records.append(
                EtcdSnapshotRecord(
                    revision: revision.main,
                    subRevision: revision.sub,
                    isTombstone: revision.isTombstone,
                    keyValue: keyValue
                )
            )
        }

        if let value = meta.value(forKey: Self.consistentIndexKey) {
            consistentIndex = try Self.uint64(value, bucket: Self.metaBucket, key: Self.consistentIndexKey)
        }
        compactRevision = try Self.revision(in: meta, key: Self.finishedCompactKey)
        scheduledCompactRevision = try Self.revision(in: meta, key: Self.scheduledCompactKey)

        for case .value(let key, let value) in root.bucket(named: Self.leaseBucket)?.entries ?? [] {
            do {
                leases.append(try EtcdSnapshotLease(leaseProtobuf: value))
            } catch {
                throw .malformedRecord(bucket: Self.leaseBucket, key: Data(key), error)
            }
        }

        if let auth = root.bucket(named: Self.authBucket) {
            isAuthEnabled = auth.value(forKey: Self.authEnabledKey) == [1]
            if let value = auth.value(forKey: Self.authRevisionKey) {
                authRevision = try Self.uint64(value, bucket: Self.authBucket, key: Self.authRevisionKey)
            }
        }
        authUsers = Self.dictionary(root.bucket(named: Self.authUsersBucket))
        authRoles = Self.dictionary(root.bucket(named: Self.authRolesBucket))
    }

    private static func bucket(_ name: String, _ entries: [BoltEntry]) -> BoltEntry {
        .bucket(key: Array(name.utf8), bucket: BoltBucket(entries: entries))
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static func uint64(_ value: [UInt8], bucket: String, key: String) throws(EtcdSnapshotError) -> UInt64 {
        guard value.count == 8 else { throw .malformedValue(bucket: bucket, key: key) }
        return UInt64(bitPattern: EtcdSnapshotRecord.bigEndianInt64(value[...]))
    }

    /// The main revision stored under `key` as a 17-byte revision key, or 0 when absent.
    private static func revision(in meta: BoltBucket, key: String) throws(EtcdSnapshotError) -> Revision {
        guard let value = meta.value(forKey: key) else { return 0 }
        guard let revision = EtcdSnapshotRecord.parseRevisionKey(value), !revision.isTombstone else {
            throw .malformedValue(bucket: metaBucket, key: key)
        }
        return revision.main
    }

    private static func dictionary(_ bucket: BoltBucket?) -> [Data: Data] {
        var result: [Data: Data] = [:]
        for case .value(let key, let value) in bucket?.entries ?? [] {
            result[Data(key)] = Data(value)
        }
        return result
    }
}
