extension EtcdSnapshotRecord {
    /// Length of etcd's revision key: 8 bytes main revision, `_`, 8 bytes sub revision (big-endian).
    static let revisionKeyLength = 17

    /// The byte etcd appends to the revision key of a tombstone.
    static let tombstoneMark = UInt8(ascii: "t")

    /// The record's key in the `key` bucket; its byte order is revision order.
    var revisionKey: [UInt8] {
        var bytes = Self.revisionBytes(main: revision, sub: subRevision)
        if isTombstone { bytes.append(Self.tombstoneMark) }
        return bytes
    }

    /// Encodes a revision as etcd's 17-byte revision key.
    static func revisionBytes(main: Int64, sub: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(revisionKeyLength + 1)
        withUnsafeBytes(of: UInt64(bitPattern: main).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "_"))
        withUnsafeBytes(of: UInt64(bitPattern: sub).bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Decodes a `key` bucket key: the main and sub revision, and whether it marks a tombstone.
    /// Returns `nil` when the key has neither 17 bytes nor 18 ending in the tombstone mark.
    static func parseRevisionKey(_ bytes: [UInt8]) -> (main: Int64, sub: Int64, isTombstone: Bool)? {
        let isTombstone: Bool
        switch bytes.count {
        case revisionKeyLength: isTombstone = false
        case revisionKeyLength + 1 where bytes[revisionKeyLength] == tombstoneMark: isTombstone = true
        default: return nil
        }
        return (bigEndianInt64(bytes[0..<8]), bigEndianInt64(bytes[9..<17]), isTombstone)
    }

    /// Decodes eight big-endian bytes.
    static func bigEndianInt64(_ bytes: ArraySlice<UInt8>) -> Int64 {
        Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }
}
