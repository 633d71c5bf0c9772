/// The data pages of a bbolt file, planned in page id order before any byte is written.
///
/// Planning is cheap (element sizes and references to the callers' byte arrays) and fixes every page
/// id, so ``BoltFileWriter`` can then encode the file front to back, one page at a time, and stream it.
/// Each bucket's tree is allocated bottom-up: nested buckets first, then the bucket's leaves, then one
/// branch level after another up to a single root page.
struct BoltPagePlan {
    /// One element of a leaf page.
    struct LeafElement {
        /// ``BoltLayout/bucketLeafFlag`` for a nested bucket, else zero.
        var flags: UInt32
        var key: [UInt8]
        var value: [UInt8]

        /// Bytes the element takes in a page: its fixed part plus key and value.
        var size: Int { BoltLayout.leafElementSize + key.count + value.count }
    }

    /// One element of a branch page: the first key of a child page and the child's id.
    struct BranchElement {
        var key: [UInt8]
        var childPageID: UInt64

        /// Bytes the element takes in a page.
        var size: Int { BoltLayout.branchElementSize + key.count }
    }

    /// What a planned page holds.
    enum Content {
        case leaf(ArraySlice<LeafElement>)
        case branch(ArraySlice<BranchElement>)
    }

    /// A planned page, possibly spanning overflow pages.
    struct Page {
        var id: UInt64
        /// Number of extra pages after the first one.
        var overflow: UInt32
        var content: Content
    }

    /// The page size in bytes.
    let pageSize: Int
    /// The planned pages in ascending id order, without gaps.
    private(set) var pages: [Page] = []
    /// The id of the first page after the planned ones: the file's high-water mark.
    private(set) var nextPageID: UInt64
    /// The root page of the planned root bucket.
    private(set) var rootPageID: UInt64 = 0

    /// Plans the pages of `root` and every bucket inside it.
    /// - Parameters:
    ///   - root: The root bucket, whose entries are usually the top-level buckets.
    ///   - pageSize: The page size in bytes.
    ///   - firstPageID: The first free page id (after the meta and freelist pages).
    init(root: BoltBucket, pageSize: Int, firstPageID: UInt64) {
        self.pageSize = pageSize
        self.nextPageID = firstPageID
        self.rootPageID = planTree(of: root.normalizedEntries())
    }

    /// Plans the tree of a bucket's (normalized) entries and returns its root page id.
    private mutating func planTree(of entries: [BoltEntry]) -> UInt64 {
        let elements = leafElements(of: entries)
        var level: [BranchElement] = []
        for range in split(elements.indices, size: { elements[$0].size }) {
            let id = allocate(.leaf(elements[range]), size: roundedPageBytes(for: elements[range].lazy.map(\.size)))
            level.append(BranchElement(key: elements[range].first?.key ?? [], childPageID: id))
        }
        while level.count > 1 {
            let children = level
            level = []
            for range in split(children.indices, size: { children[$0].size }) {
                let id = allocate(
                    .branch(children[range]),
                    size: roundedPageBytes(for: children[range].lazy.map(\.size))
                )
                level.append(BranchElement(key: children[range].first?.key ?? [], childPageID: id))
            }
        }
        return level[0].childPageID
    }

    /// The leaf elements of a bucket's (normalized) entries, planning nested buckets on the way.
    private mutating func leafElements(of entries: [BoltEntry]) -> [LeafElement] {
        var elements: [LeafElement] = []
        elements.reserveCapacity(entries.count)
        for entry in entries {
            switch entry {
            case .value(let key, let value):
                elements.append(LeafElement(flags: 0, key: key, value: value))
            case .bucket(let key, let child):
                elements.append(LeafElement(flags: BoltLayout.bucketLeafFlag, key: key, value: bucketValue(of: child)))
            }
        }
        return elements
    }

    /// The value stored for a nested bucket: its header, followed by its only page when inline.
    private mutating func bucketValue(of bucket: BoltBucket) -> [UInt8] {
        let entries = bucket.normalizedEntries()
        let inlineElements = inlineElements(of: entries)
        let rootPageID: UInt64 = inlineElements == nil ? planTree(of: entries) : 0
        var value = [UInt8](repeating: 0, count: BoltLayout.bucketHeaderSize)
        value.withUnsafeMutableBytes { buffer in
            buffer.storeBytes(of: rootPageID.littleEndian, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: bucket.sequence.littleEndian, toByteOffset: 8, as: UInt64.self)
        }
        if let inlineElements {
            // An inline page is stored at its exact size, not rounded to a page.
            let size = inlineElements.reduce(BoltLayout.pageHeaderSize) { $0 + $1.size }
            var page = [UInt8](repeating: 0, count: size)
            Self.encode(Page(id: 0, overflow: 0, content: .leaf(inlineElements[...])), into: &page)
            value += page
        }
        return value
    }

    /// The elements of a bucket's (normalized) entries when bbolt would store the bucket inline: no
    /// nested buckets and a single leaf page of at most a quarter page. Otherwise `nil`.
    private func inlineElements(of entries: [BoltEntry]) -> [LeafElement]? {
        var size = BoltLayout.pageHeaderSize
        var elements: [LeafElement] = []
        for entry in entries {
            guard case .value(let key, let value) = entry else { return nil }
            let element = LeafElement(flags: 0, key: key, value: value)
            size += element.size
            guard size <= BoltLayout.maximumInlineBucketSize(pageSize: pageSize) else { return nil }
            elements.append(element)
        }
        return elements
    }

    /// Splits elements into consecutive runs that each fit one page; an element too large for a page
    /// gets a run of its own (an overflow page). An empty list still yields one (empty) run.
    private func split(_ indices: Range<Int>, size: (Int) -> Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = indices.lowerBound
        var used = BoltLayout.pageHeaderSize
        for index in indices {
            let elementSize = size(index)
            if index > start, used + elementSize > pageSize {
                runs.append(start..<index)
                start = index
                used = BoltLayout.pageHeaderSize
            }
            used += elementSize
        }
        runs.append(start..<indices.upperBound)
        return runs
    }

    /// Bytes a page with elements of the given sizes takes, rounded up to whole pages.
    private func roundedPageBytes(for elementSizes: some Sequence<Int>) -> Int {
        let used = elementSizes.reduce(BoltLayout.pageHeaderSize, +)
        return (used + pageSize - 1) / pageSize * pageSize
    }

    /// Appends a page of `size` bytes (a multiple of the page size) and returns its id.
    private mutating func allocate(_ content: Content, size: Int) -> UInt64 {
        let id = nextPageID
        let count = size / pageSize
        pages.append(Page(id: id, overflow: UInt32(count - 1), content: content))
        nextPageID += UInt64(count)
        return id
    }

    /// Writes `page` (header, elements, then each element's key and value) at the start of `buffer`,
    /// which must be at least as large as the page.
    static func encode(_ page: Page, into buffer: inout [UInt8]) {
        buffer.withUnsafeMutableBytes { raw in
            func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
                raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
            }
            store(page.id, at: 0)
            store(page.overflow, at: 12)
            var elementOffset = BoltLayout.pageHeaderSize
            switch page.content {
            case .leaf(let elements):
                store(BoltLayout.leafPageFlag, at: 8)
                store(UInt16(elements.count), at: 10)
                var dataOffset = elementOffset + elements.count * BoltLayout.leafElementSize
                for element in elements {
                    // Layout: flags, pos (from the element to its key), ksize, vsize.
                    store(element.flags, at: elementOffset)
                    store(UInt32(dataOffset - elementOffset), at: elementOffset + 4)
                    store(UInt32(element.key.count), at: elementOffset + 8)
                    store(UInt32(element.value.count), at: elementOffset + 12)
                    copy(element.key, into: raw, at: &dataOffset)
                    copy(element.value, into: raw, at: &dataOffset)
                    elementOffset += BoltLayout.leafElementSize
                }
            case .branch(let elements):
                store(BoltLayout.branchPageFlag, at: 8)
                store(UInt16(elements.count), at: 10)
                var dataOffset = elementOffset + elements.count * BoltLayout.branchElementSize
                for element in elements {
                    // Layout: pos (from the element to its key), ksize, child page id.
                    store(UInt32(dataOffset - elementOffset), at: elementOffset)
                    store(UInt32(element.key.count), at: elementOffset + 4)
                    store(element.childPageID, at: elementOffset + 8)
                    copy(element.key, into: raw, at: &dataOffset)
                    elementOffset += BoltLayout.branchElementSize
                }
            }
        }
    }

    private static func copy(_ bytes: [UInt8], into buffer: UnsafeMutableRawBufferPointer, at offset: inout Int) {
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + source.count)]).copyMemory(from: source)
        }
        offset += bytes.count
    }
}
