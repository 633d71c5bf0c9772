@testable import BrainEngine

/// Counts the pages of a bbolt file Wharf wrote, by kind, walking page headers from page 2 to the
/// high-water mark (the writer leaves no free pages, so every header is live).
struct BoltPageCensus {
    var leafPages = 0
    var branchPages = 0
    var freelistPages = 0
    /// Pages that continue a larger page (the `overflow` count of its header).
    var overflowPages = 0
    /// The meta record the file is read with.
    let meta: BoltMeta

    init(file: [UInt8]) throws {
        meta = try file.withUnsafeBytes { try BoltFileReader.readMeta(from: $0) }
        var pageID = 2
        while pageID < Int(meta.highWaterMark) {
            let start = pageID * meta.pageSize
            let flags = UInt16(file[start + 8]) | UInt16(file[start + 9]) << 8
            let overflow = file[(start + 12)..<(start + 16)].reversed().reduce(0) { $0 << 8 | Int($1) }
            switch flags {
            case BoltLayout.leafPageFlag: leafPages += 1
            case BoltLayout.branchPageFlag: branchPages += 1
            case BoltLayout.freelistPageFlag: freelistPages += 1
            default: break
            }
            overflowPages += overflow
            pageID += overflow + 1
        }
    }
}
