/// Why a byte sequence could not be read as a bbolt database file.
public enum BoltFileError: Error, Hashable, Sendable {
    /// The file is smaller than the two meta pages it must start with.
    case fileTooSmall(size: Int)
    /// A meta record is not valid (wrong marker, unknown version or checksum mismatch).
    case invalidMeta(reason: String)
    /// The page size recorded in the meta page is not a power of two between 512 bytes and 64 KiB.
    case unsupportedPageSize(Int)
    /// The file ends before the last page the meta record says is in use.
    case truncated(expectedSize: Int, actualSize: Int)
    /// A page id points past the pages in use or past the end of the file.
    case pageOutOfBounds(pageID: UInt64)
    /// A page has a type other than the one its position in the tree requires.
    case unexpectedPageType(pageID: UInt64, flags: UInt16)
    /// A page's elements point outside the page, or a bucket value is too short.
    case malformedPage(pageID: UInt64, reason: String)
    /// The same page is reached twice while walking the trees, so the file is corrupt.
    case pageReferencedTwice(pageID: UInt64)
    /// Buckets are nested, or B+trees are deep, beyond any sane file.
    case nestingTooDeep
    /// A page's keys are not in strictly ascending byte order.
    case keysOutOfOrder(pageID: UInt64)
}
