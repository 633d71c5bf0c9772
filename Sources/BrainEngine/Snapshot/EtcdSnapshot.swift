import Crypto
public import Foundation
public import StoreCore

/// A copy of an etcd v3 store in etcd's snapshot file format: what `etcdctl snapshot save` writes and
/// `etcdctl snapshot restore` reads.
///
/// The file is etcd's backend database, a bbolt file, followed by a 32-byte SHA-256 of the bytes
/// before it. The database holds the MVCC history in the `key` bucket (every retained revision of
/// every key, tombstones included), bookkeeping in `meta` (the consistent index, the compaction
/// revisions), leases in `lease`, and authentication state in `auth`, `authUsers` and `authRoles`.
/// Cluster membership is not carried over: `etcdctl snapshot restore` replaces it with the members
/// it is given, so the `members`, `members_removed`, `cluster` and `alarm` buckets are written empty
/// and ignored when reading.
///
/// A snapshot is a plain value. ``encoded()`` and ``encode(chunkSize:into:)`` produce the file;
/// ``init(reading:verifyingHash:)`` reads one, verifying the trailer when present (a file whose size
/// is 32 more than a multiple of 512, the rule etcdctl uses).
///
/// ## Handing a store back to etcd
///
/// ```swift
/// let snapshot = EtcdSnapshot(
///     records: [
///         EtcdSnapshotRecord(
///             revision: 2,
///             keyValue: KeyValue(key: Data("greeting".utf8), createRevision: 2, modRevision: 2,
///                                version: 1, value: Data("hello".utf8))
///         )
///     ]
/// )
/// try snapshot.write(to: URL(fileURLWithPath: "brain.db"))
/// // etcdctl snapshot restore brain.db --data-dir restored && etcd --data-dir restored
/// ```
public struct EtcdSnapshot: Hashable, Sendable {
    /// The MVCC history in revision order (main, then sub revision); tombstones record deletions.
    public var records: [EtcdSnapshotRecord]
    /// The leases, each with its granted TTL.
    public var leases: [EtcdSnapshotLease]
    /// The revision of the last finished compaction, or 0 when the store was never compacted.
    public var compactRevision: Revision
    /// The revision of the last scheduled compaction; larger than ``compactRevision`` when a compaction
    /// was still running when the snapshot was taken (etcd finishes it on restore), else equal or 0.
    public var scheduledCompactRevision: Revision
    /// The index of the last raft entry applied to the store (etcd's `consistent_index`).
    ///
    /// `etcdctl snapshot restore` overwrites it to match the new cluster's log.
    public var consistentIndex: UInt64
    /// Whether authentication is enabled.
    public var isAuthEnabled: Bool
    /// The authentication store's revision, advanced by every user, role or permission change.
    public var authRevision: UInt64
    /// The users, by name, each an encoded `authpb.User` message kept as stored.
    public var authUsers: [Data: Data]
    /// The roles, by name, each an encoded `authpb.Role` message kept as stored.
    public var authRoles: [Data: Data]

    /// The number of bytes of the SHA-256 trailer.
    public static let hashLength = 32

    /// Creates a snapshot.
    /// - Parameters:
    ///   - records: The MVCC history; it is written in revision order, and of two records with the
    ///     same revision and sub revision only the later one in the array is kept.
    ///   - leases: The leases.
    ///   - compactRevision: The revision of the last finished compaction, or 0.
    ///   - scheduledCompactRevision: The revision of the last scheduled compaction; `nil` means
    ///     ``compactRevision``.
    ///   - consistentIndex: The index of the last applied raft entry.
    ///   - isAuthEnabled: Whether authentication is enabled.
    ///   - authRevision: The authentication store's revision.
    ///   - authUsers: Encoded `authpb.User` messages by user name.
    ///   - authRoles: Encoded `authpb.Role` messages by role name.
    public init(
        records: [EtcdSnapshotRecord] = [],
        leases: [EtcdSnapshotLease] = [],
        compactRevision: Revision = 0,
        scheduledCompactRevision: Revision? = nil,
        consistentIndex: UInt64 = 0,
        isAuthEnabled: Bool = false,
        authRevision: UInt64 = 0,
        authUsers: [Data: Data] = [:],
        authRoles: [Data: Data] = [:]
    ) {
        self.records = records
        self.leases = leases
        self.compactRevision = compactRevision
        self.scheduledCompactRevision = scheduledCompactRevision ?? compactRevision
        self.consistentIndex = consistentIndex
        self.isAuthEnabled = isAuthEnabled
        self.authRevision = authRevision
        self.authUsers = authUsers
        self.authRoles = authRoles
    }

    /// Reads a snapshot file: a bbolt database, optionally followed by its SHA-256 trailer.
    ///
    /// Like etcdctl, the reader takes the file to carry a trailer when its size is 32 bytes more than a
    /// multiple of 512; a bare database (such as an etcd member's `member/snap/db`) is read as is.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - verifyingHash: Whether to check the trailer against the database bytes
    ///     (`--skip-hash-check` in etcdctl is the opposite).
    /// - Throws: ``EtcdSnapshotError``.
    public init(reading data: Data, verifyingHash: Bool = true) throws(EtcdSnapshotError) {
        var database = data[...]
        if Self.hasHashTrailer(size: data.count) {
            database = data.prefix(data.count - Self.hashLength)
            if verifyingHash {
                let expected = data.suffix(Self.hashLength)
                guard Data(SHA256.hash(data: database)) == expected else { throw .hashMismatch }
            }
        }
        let result = database.withUnsafeBytes { raw in
            Result { () throws(BoltFileError) in try BoltFileReader.readRootBucket(from: raw) }
        }
        switch result {
        case .success(let root): try self.init(boltRoot: root)
        case .failure(let error): throw .invalidDatabase(error)
        }
    }

    /// Reads a snapshot file from disk; see ``init(reading:verifyingHash:)``.
    /// - Throws: ``EtcdSnapshotError``, or the error of reading the file.
    public init(contentsOf url: URL, verifyingHash: Bool = true) throws {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        try self.init(reading: data, verifyingHash: verifyingHash)
    }

    /// The revision etcd resumes from after a restore: the newest record's, at least the compact revision.
    public var revision: Revision {
        max(records.lazy.map(\.revision).max() ?? 0, compactRevision)
    }

    /// The whole snapshot file: the bbolt database followed by its SHA-256.
    public func encoded() -> Data {
        var file = Data()
        encode { file.append($0) }
        return file
    }

    /// Produces the snapshot file piece by piece, for writing or sending it without holding it whole.
    /// - Parameters:
    ///   - chunkSize: About how many bytes each piece holds; the last piece is the 32-byte SHA-256.
    ///   - sink: Receives the pieces in order.
    public func encode(chunkSize: Int = 1 << 20, into sink: (Data) throws -> Void) rethrows {
        var hasher = SHA256()
        try BoltFileWriter().write(boltRoot(), chunkSize: chunkSize) { chunk in
            hasher.update(data: chunk)
            try sink(Data(chunk))
        }
        try sink(Data(hasher.finalize()))
    }

    /// Writes the snapshot file to `url`, replacing any file there.
    /// - Throws: The error of creating or writing the file.
    public func write(to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try encode { try handle.write(contentsOf: $0) }
        try handle.synchronize()
    }

    /// Whether a file of `size` bytes carries the SHA-256 trailer, by etcdctl's rule: a bbolt file's
    /// size is a multiple of its page size, so 32 bytes more than a multiple of 512 is the trailer.
    public static func hasHashTrailer(size: Int) -> Bool {
        size % 512 == hashLength
    }
}
