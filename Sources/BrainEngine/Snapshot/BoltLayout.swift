/// The fixed numbers of the bbolt file format (format version 2), as etcd's backend writes it.
///
/// A bbolt file is a sequence of equally sized pages. Pages 0 and 1 hold the two meta records; one
/// page holds the freelist; every other page in use belongs to a bucket's B+tree. All integers are
/// little-endian, the byte order of the machines etcd ships for.
enum BoltLayout {
    /// The page size Wharf writes: the Linux page size, which etcd's files use too.
    static let defaultPageSize = 4096

    /// The marker at the start of each meta record.
    static let magic: UInt32 = 0xED0C_DAED

    /// The only format version bbolt has ever written.
    static let version: UInt32 = 2

    /// Size of the header at the start of every page: id (8), flags (2), count (2), overflow (4).
    static let pageHeaderSize = 16

    /// Size of one element of a leaf page: flags (4), pos (4), ksize (4), vsize (4).
    static let leafElementSize = 16

    /// Size of one element of a branch page: pos (4), ksize (4), child page id (8).
    static let branchElementSize = 16

    /// Size of the meta record: magic, version, page size, flags, root bucket (root page, sequence),
    /// freelist page, high-water mark, transaction id, checksum.
    static let metaSize = 64

    /// Offset of the checksum inside the meta record; the checksum covers the bytes before it.
    static let metaChecksumOffset = 56

    /// Size of a bucket header: root page id (8) and sequence (8).
    static let bucketHeaderSize = 16

    /// Page flag of a branch page.
    static let branchPageFlag: UInt16 = 0x01
    /// Page flag of a leaf page.
    static let leafPageFlag: UInt16 = 0x02
    /// Page flag of a meta page.
    static let metaPageFlag: UInt16 = 0x04
    /// Page flag of the freelist page.
    static let freelistPageFlag: UInt16 = 0x10

    /// Leaf element flag marking the value as a nested bucket.
    static let bucketLeafFlag: UInt32 = 0x01

    /// The freelist page id meaning "no freelist stored" (bbolt then rebuilds it by scanning).
    static let noFreelistPageID: UInt64 = .max

    /// A page whose element count field holds this value stores the real count in its first 8 bytes.
    static let freelistCountOverflow: UInt16 = 0xFFFF

    /// A bucket is stored inline, inside its parent's leaf, when its single leaf page would be at most
    /// this fraction of a page and it has no nested buckets.
    static func maximumInlineBucketSize(pageSize: Int) -> Int {
        pageSize / 4
    }
}
