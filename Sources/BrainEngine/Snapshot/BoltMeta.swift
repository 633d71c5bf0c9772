/// The meta record of a bbolt file, stored at offset 16 of pages 0 and 1.
///
/// bbolt alternates between the two meta pages on each commit and opens a file with the valid record
/// of the higher transaction id, so a torn write of one never loses the database.
struct BoltMeta: Hashable, Sendable {
    /// The file's page size in bytes.
    var pageSize: Int
    /// Database flags; always zero.
    var flags: UInt32
    /// The first page of the root bucket, whose entries are the top-level buckets.
    var rootPageID: UInt64
    /// The root bucket's sequence counter.
    var rootSequence: UInt64
    /// The page holding the freelist, or ``BoltLayout/noFreelistPageID``.
    var freelistPageID: UInt64
    /// The high-water mark: the number of pages in use, so the file holds at least this many pages.
    var highWaterMark: UInt64
    /// The id of the transaction that wrote this record.
    var transactionID: UInt64

    /// Creates a meta record.
    init(
        pageSize: Int,
        flags: UInt32 = 0,
        rootPageID: UInt64,
        rootSequence: UInt64 = 0,
        freelistPageID: UInt64,
        highWaterMark: UInt64,
        transactionID: UInt64
    ) {
        self.pageSize = pageSize
        self.flags = flags
        self.rootPageID = rootPageID
        self.rootSequence = rootSequence
        self.freelistPageID = freelistPageID
        self.highWaterMark = highWaterMark
        self.transactionID = transactionID
    }

    /// Decodes and validates a meta record (marker, format version and checksum).
    /// - Parameter bytes: At least ``BoltLayout/metaSize`` bytes starting at the record.
    init(decoding bytes: UnsafeRawBufferPointer) throws(BoltFileError) {
        guard bytes.count >= BoltLayout.metaSize else { throw .fileTooSmall(size: bytes.count) }
        func load32(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        func load64(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        guard load32(0) == BoltLayout.magic else { throw .invalidMeta(reason: "bad magic number") }
        guard load32(4) == BoltLayout.version else { throw .invalidMeta(reason: "unsupported version \(load32(4))") }
        let stored = load64(BoltLayout.metaChecksumOffset)
        let computed = Self.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<BoltLayout.metaChecksumOffset]))
        guard stored == 0 || stored == computed else { throw .invalidMeta(reason: "checksum mismatch") }
        self.pageSize = Int(load32(8))
        self.flags = load32(12)
        self.rootPageID = load64(16)
        self.rootSequence = load64(24)
        self.freelistPageID = load64(32)
        self.highWaterMark = load64(40)
        self.transactionID = load64(48)
    }

    /// The record's ``BoltLayout/metaSize`` bytes, checksum included.
    func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: BoltLayout.metaSize)
        bytes.withUnsafeMutableBytes { buffer in
            buffer.storeBytes(of: BoltLayout.magic.littleEndian, toByteOffset: 0, as: UInt32.self)
            buffer.storeBytes(of: BoltLayout.version.littleEndian, toByteOffset: 4, as: UInt32.self)
            buffer.storeBytes(of: UInt32(pageSize).littleEndian, toByteOffset: 8, as: UInt32.self)
            buffer.storeBytes(of: flags.littleEndian, toByteOffset: 12, as: UInt32.self)
            buffer.storeBytes(of: rootPageID.littleEndian, toByteOffset: 16, as: UInt64.self)
            buffer.storeBytes(of: rootSequence.littleEndian, toByteOffset: 24, as: UInt64.self)
            buffer.storeBytes(of: freelistPageID.littleEndian, toByteOffset: 32, as: UInt64.self)
            buffer.storeBytes(of: highWaterMark.littleEndian, toByteOffset: 40, as: UInt64.self)
            buffer.storeBytes(of: transactionID.littleEndian, toByteOffset: 48, as: UInt64.self)
            let checksum = Self.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<BoltLayout.metaChecksumOffset]))
            buffer.storeBytes(of: checksum.littleEndian, toByteOffset: BoltLayout.metaChecksumOffset, as: UInt64.self)
        }
        return bytes
    }

    /// The 64-bit FNV-1a hash bbolt uses as the meta checksum.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
