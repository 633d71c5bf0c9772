/// Reads a whole bbolt database file into a ``BoltBucket`` tree.
///
/// The reader picks the valid meta page with the higher transaction id, as bbolt does when it opens a
/// file, then walks the root bucket's B+tree and every nested bucket, inline or not, following
/// overflow pages. Every offset is checked against the file, each page may be reached only once and
/// keys must ascend, so a corrupt or hostile file yields a ``BoltFileError`` rather than a crash.
/// The freelist is not read: only pages reachable from the root matter for reading everything.
struct BoltFileReader: ~Copyable {
    /// The deepest nesting of buckets and branch levels the reader follows.
    static let maximumDepth = 64

    private let bytes: UnsafeRawBufferPointer
    /// The meta record the file was read with.
    let meta: BoltMeta
    private var visited: Set<UInt64> = []

    /// Reads the file in `bytes` and returns its root bucket (whose entries are the top-level buckets).
    /// - Parameter bytes: The file's bytes; anything after the last page in use is ignored.
    static func readRootBucket(from bytes: UnsafeRawBufferPointer) throws(BoltFileError) -> BoltBucket {
        var reader = try BoltFileReader(bytes)
        return try reader.readRootBucket()
    }

    /// Reads the meta record of the file in `bytes`.
    static func readMeta(from bytes: UnsafeRawBufferPointer) throws(BoltFileError) -> BoltMeta {
        try BoltFileReader(bytes).meta
    }

    private init(_ bytes: UnsafeRawBufferPointer) throws(BoltFileError) {
        self.bytes = bytes
        self.meta = try Self.selectMeta(in: bytes)
    }

    private mutating func readRootBucket() throws(BoltFileError) -> BoltBucket {
        var entries: [BoltEntry] = []
        try collectEntries(ofPage: meta.rootPageID, depth: 0, into: &entries)
        return BoltBucket(sequence: meta.rootSequence, entries: entries)
    }

    // MARK: Meta pages

    /// The valid meta record with the higher transaction id, checked against the file's size.
    private static func selectMeta(in bytes: UnsafeRawBufferPointer) throws(BoltFileError) -> BoltMeta {
        guard bytes.count >= BoltLayout.pageHeaderSize + BoltLayout.metaSize else {
            throw .fileTooSmall(size: bytes.count)
        }
        let first: Result<BoltMeta, BoltFileError> = decodeMeta(in: bytes, pageOffset: 0)
        // The second meta page sits one page in; without a valid first record, try the usual sizes.
        let candidatePageSizes: [Int]
        if case .success(let meta) = first, isSupported(pageSize: meta.pageSize) {
            candidatePageSizes = [meta.pageSize]
        } else {
            candidatePageSizes = [4096, 8192, 16384, 32768, 65536, 512, 1024, 2048]
        }
        var second: Result<BoltMeta, BoltFileError> = .failure(.fileTooSmall(size: bytes.count))
        for pageSize in candidatePageSizes {
            second = decodeMeta(in: bytes, pageOffset: pageSize)
            if case .success(let meta) = second, meta.pageSize == pageSize { break }
        }
        let chosen: BoltMeta
        switch (first, second) {
        case (.success(let a), .success(let b)):
            chosen = b.transactionID > a.transactionID ? b : a
        case (.success(let meta), .failure), (.failure, .success(let meta)):
            chosen = meta
        case (.failure(let error), .failure):
            throw error
        }
        guard isSupported(pageSize: chosen.pageSize) else { throw .unsupportedPageSize(chosen.pageSize) }
        let (expected, overflow) = Int(clamping: chosen.highWaterMark).multipliedReportingOverflow(by: chosen.pageSize)
        guard !overflow, expected >= 2 * chosen.pageSize, expected <= bytes.count else {
            throw .truncated(expectedSize: overflow ? .max : expected, actualSize: bytes.count)
        }
        return chosen
    }

    private static func decodeMeta(in bytes: UnsafeRawBufferPointer, pageOffset: Int) -> Result<BoltMeta, BoltFileError>
    {
        let start = pageOffset + BoltLayout.pageHeaderSize
        guard start + BoltLayout.metaSize <= bytes.count else { return .failure(.fileTooSmall(size: bytes.count)) }
        let record = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + BoltLayout.metaSize)])
        return Result { () throws(BoltFileError) in try BoltMeta(decoding: record) }
    }

    private static func isSupported(pageSize: Int) -> Bool {
        pageSize >= 512 && pageSize <= 65536 && pageSize & (pageSize - 1) == 0
    }

    // MARK: Pages

    /// The bytes of page `id` and its overflow pages, after checking bounds and first use.
    private mutating func page(_ id: UInt64) throws(BoltFileError) -> UnsafeRawBufferPointer {
        guard id >= 2, id < meta.highWaterMark else { throw .pageOutOfBounds(pageID: id) }
        let start = Int(id) * meta.pageSize
        let overflow = UInt64(load(UInt32.self, bytes, start + 12))
        guard id + overflow < meta.highWaterMark else { throw .pageOutOfBounds(pageID: id) }
        for covered in id...(id + overflow) where !visited.insert(covered).inserted {
            throw .pageReferencedTwice(pageID: covered)
        }
        let end = start + (Int(overflow) + 1) * meta.pageSize
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Appends the entries of the tree rooted at page `id` to `entries`, in key order.
    private mutating func collectEntries(
        ofPage id: UInt64,
        depth: Int,
        into entries: inout [BoltEntry]
    ) throws(BoltFileError) {
        guard depth < Self.maximumDepth else { throw .nestingTooDeep }
        let span = try page(id)
        let flags = load(UInt16.self, span, 8)
        if flags & BoltLayout.branchPageFlag != 0 {
            for child in try branchChildren(of: span, pageID: id) {
                try collectEntries(ofPage: child, depth: depth + 1, into: &entries)
            }
        } else if flags & BoltLayout.leafPageFlag != 0 {
            try appendLeafEntries(of: span, pageID: id, depth: depth, to: &entries)
        } else {
            throw .unexpectedPageType(pageID: id, flags: flags)
        }
    }

    /// The child page ids listed in a branch page.
    private func branchChildren(of span: UnsafeRawBufferPointer, pageID: UInt64) throws(BoltFileError) -> [UInt64] {
        let count = Int(load(UInt16.self, span, 10))
        guard BoltLayout.pageHeaderSize + count * BoltLayout.branchElementSize <= span.count else {
            throw .malformedPage(pageID: pageID, reason: "\(count) branch elements do not fit the page")
        }
        var children: [UInt64] = []
        children.reserveCapacity(count)
        for index in 0..<count {
            let element = BoltLayout.pageHeaderSize + index * BoltLayout.branchElementSize
            let keyStart = element + Int(load(UInt32.self, span, element))
            let keyEnd = keyStart + Int(load(UInt32.self, span, element + 4))
            guard keyEnd <= span.count else {
                throw .malformedPage(pageID: pageID, reason: "branch key \(index) runs past the page")
            }
            children.append(load(UInt64.self, span, element + 8))
        }
        return children
    }

    /// Appends the entries of a leaf page (a real page, or an inline bucket's page) to `entries`.
    private mutating func appendLeafEntries(
        of span: UnsafeRawBufferPointer,
        pageID: UInt64,
        depth: Int,
        to entries: inout [BoltEntry]
    ) throws(BoltFileError) {
        let count = Int(load(UInt16.self, span, 10))
        guard BoltLayout.pageHeaderSize + count * BoltLayout.leafElementSize <= span.count else {
            throw .malformedPage(pageID: pageID, reason: "\(count) leaf elements do not fit the page")
        }
        entries.reserveCapacity(entries.count + count)
        for index in 0..<count {
            let element = BoltLayout.pageHeaderSize + index * BoltLayout.leafElementSize
            let flags = load(UInt32.self, span, element)
            let keyStart = element + Int(load(UInt32.self, span, element + 4))
            let keyEnd = keyStart + Int(load(UInt32.self, span, element + 8))
            let valueEnd = keyEnd + Int(load(UInt32.self, span, element + 12))
            guard valueEnd <= span.count else {
                throw .malformedPage(pageID: pageID, reason: "leaf element \(index) runs past the page")
            }
            let key = [UInt8](span[keyStart..<keyEnd])
            if let previous = entries.last?.key, !BoltBucket.precedes(previous, key) {
                throw .keysOutOfOrder(pageID: pageID)
            }
            let value = UnsafeRawBufferPointer(rebasing: span[keyEnd..<valueEnd])
            if flags & BoltLayout.bucketLeafFlag != 0 {
                let bucket = try readBucket(value: value, pageID: pageID, depth: depth + 1)
                entries.append(.bucket(key: key, bucket: bucket))
            } else {
                entries.append(.value(key: key, value: [UInt8](value)))
            }
        }
    }

    /// Reads a nested bucket from its value in the parent's leaf: a header, then (when inline) a page.
    private mutating func readBucket(
        value: UnsafeRawBufferPointer,
        pageID: UInt64,
        depth: Int
    ) throws(BoltFileError) -> BoltBucket {
        guard depth < Self.maximumDepth else { throw .nestingTooDeep }
        guard value.count >= BoltLayout.bucketHeaderSize else {
            throw .malformedPage(pageID: pageID, reason: "bucket value of \(value.count) bytes")
        }
        let root = load(UInt64.self, value, 0)
        let sequence = load(UInt64.self, value, 8)
        var entries: [BoltEntry] = []
        if root == 0 {
            let inline = UnsafeRawBufferPointer(rebasing: value[BoltLayout.bucketHeaderSize...])
            guard inline.count >= BoltLayout.pageHeaderSize else {
                throw .malformedPage(pageID: pageID, reason: "inline bucket without a page")
            }
            let flags = load(UInt16.self, inline, 8)
            guard flags & BoltLayout.leafPageFlag != 0 else { throw .unexpectedPageType(pageID: 0, flags: flags) }
            try appendLeafEntries(of: inline, pageID: pageID, depth: depth, to: &entries)
        } else {
            try collectEntries(ofPage: root, depth: depth, into: &entries)
        }
        return BoltBucket(sequence: sequence, entries: entries)
    }

    private func load<T: FixedWidthInteger>(_: T.Type, _ buffer: UnsafeRawBufferPointer, _ offset: Int) -> T {
        T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
