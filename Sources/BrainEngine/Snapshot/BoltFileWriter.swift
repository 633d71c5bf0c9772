/// Writes a whole bbolt database file from a ``BoltBucket`` tree, front to back.
///
/// The file is laid out as bbolt's own `Tx.WriteTo` would produce it after a compaction: the two meta
/// pages (identical), an empty freelist page, then every bucket's pages with no free page in between.
/// Nothing is ever updated in place, so the writer needs no page cache: pages are encoded one after the
/// other and handed to the caller in chunks.
struct BoltFileWriter {
    /// The page size in bytes.
    var pageSize: Int
    /// The transaction id recorded in both meta pages.
    var transactionID: UInt64

    /// The page id of the freelist page.
    static let freelistPageID: UInt64 = 2

    /// Creates a writer.
    /// - Parameters:
    ///   - pageSize: The page size in bytes; etcd uses the system page size, 4096 on Linux.
    ///   - transactionID: The transaction id written in the meta pages.
    init(pageSize: Int = BoltLayout.defaultPageSize, transactionID: UInt64 = 1) {
        self.pageSize = pageSize
        self.transactionID = transactionID
    }

    /// Encodes the file holding `root` and hands it to `sink` in chunks of about `chunkSize` bytes.
    /// - Parameters:
    ///   - root: The root bucket; its entries are normally the top-level buckets.
    ///   - chunkSize: The size the writer collects before calling `sink`; chunks hold whole pages.
    ///   - sink: Receives the file's bytes, in order.
    func write(_ root: BoltBucket, chunkSize: Int = 1 << 20, to sink: ([UInt8]) throws -> Void) rethrows {
        let plan = BoltPagePlan(root: root, pageSize: pageSize, firstPageID: Self.freelistPageID + 1)
        let meta = BoltMeta(
            pageSize: pageSize,
            rootPageID: plan.rootPageID,
            rootSequence: root.sequence,
            freelistPageID: Self.freelistPageID,
            highWaterMark: plan.nextPageID,
            transactionID: transactionID
        )
        var chunk: [UInt8] = []
        chunk.reserveCapacity(max(chunkSize, 3 * pageSize))
        for metaPageID in [UInt64(0), 1] {
            chunk += metaPage(id: metaPageID, meta: meta)
        }
        chunk += freelistPage()
        for page in plan.pages {
            var bytes = [UInt8](repeating: 0, count: (Int(page.overflow) + 1) * pageSize)
            BoltPagePlan.encode(page, into: &bytes)
            chunk += bytes
            if chunk.count >= chunkSize {
                try sink(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty {
            try sink(chunk)
        }
    }

    /// Encodes the whole file holding `root` into one array.
    func encoded(_ root: BoltBucket) -> [UInt8] {
        var file: [UInt8] = []
        write(root) { file += $0 }
        return file
    }

    private func metaPage(id: UInt64, meta: BoltMeta) -> [UInt8] {
        var page = pageHeader(id: id, flags: BoltLayout.metaPageFlag)
        page += meta.encoded()
        page += [UInt8](repeating: 0, count: pageSize - page.count)
        return page
    }

    /// An empty freelist: the writer never leaves a page unused below the high-water mark.
    private func freelistPage() -> [UInt8] {
        var page = pageHeader(id: Self.freelistPageID, flags: BoltLayout.freelistPageFlag)
        page += [UInt8](repeating: 0, count: pageSize - page.count)
        return page
    }

    private func pageHeader(id: UInt64, flags: UInt16) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: BoltLayout.pageHeaderSize)
        header.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: id.littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: flags.littleEndian, toByteOffset: 8, as: UInt16.self)
        }
        return header
    }
}
