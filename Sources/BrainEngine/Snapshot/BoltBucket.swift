/// The contents of one bbolt bucket, held in memory: entries in ascending byte order of their keys.
///
/// The file format knows nothing beyond this: the root of a file is a bucket whose entries are the
/// top-level buckets, and each bucket is a B+tree of pages (or, when small, a single page stored
/// inline in its parent's value). ``BoltFileWriter`` lays a `BoltBucket` out as pages and
/// ``BoltFileReader`` reads one back.
struct BoltBucket: Hashable, Sendable {
    /// The bucket's sequence counter (`NextSequence` in bbolt); etcd leaves it at zero.
    var sequence: UInt64
    /// The entries, in ascending byte order of their keys.
    var entries: [BoltEntry]

    /// Creates a bucket.
    /// - Parameters:
    ///   - sequence: The bucket's sequence counter.
    ///   - entries: The entries; ``normalizedEntries()`` orders them when they are not in order.
    init(sequence: UInt64 = 0, entries: [BoltEntry] = []) {
        self.sequence = sequence
        self.entries = entries
    }

    /// The value stored under `key`, or `nil` when the key is absent or holds a bucket.
    func value(forKey key: [UInt8]) -> [UInt8]? {
        guard let index = index(ofKey: key), case .value(_, let value) = entries[index] else { return nil }
        return value
    }

    /// The nested bucket named `name`, or `nil` when the key is absent or holds a value.
    func bucket(named name: [UInt8]) -> BoltBucket? {
        guard let index = index(ofKey: name), case .bucket(_, let bucket) = entries[index] else { return nil }
        return bucket
    }

    /// The nested bucket named `name` (UTF-8), or `nil` when absent.
    func bucket(named name: String) -> BoltBucket? {
        bucket(named: Array(name.utf8))
    }

    /// The value stored under `key` (UTF-8), or `nil` when absent.
    func value(forKey key: String) -> [UInt8]? {
        value(forKey: Array(key.utf8))
    }

    /// The entries as bbolt can store them: sorted by key, one entry per key (the last one given
    /// wins), and without empty keys, which bbolt refuses to write.
    func normalizedEntries() -> [BoltEntry] {
        var isStrictlyAscending = true
        for index in entries.indices.dropFirst() where !Self.precedes(entries[index - 1].key, entries[index].key) {
            isStrictlyAscending = false
            break
        }
        if isStrictlyAscending, entries.first?.key.isEmpty != true {
            return entries
        }
        // Sort by key, keeping the original order among equal keys, then keep the last of each run.
        let ordered = entries.enumerated().sorted { lhs, rhs in
            if lhs.element.key == rhs.element.key { return lhs.offset < rhs.offset }
            return Self.precedes(lhs.element.key, rhs.element.key)
        }
        var result: [BoltEntry] = []
        result.reserveCapacity(ordered.count)
        for (_, entry) in ordered where !entry.key.isEmpty {
            if let last = result.last, last.key == entry.key {
                result[result.count - 1] = entry
            } else {
                result.append(entry)
            }
        }
        return result
    }

    /// Whether `lhs` sorts before `rhs` in bbolt's byte-wise key order.
    static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.lexicographicallyPrecedes(rhs)
    }

    /// Binary search for `key` among the (sorted) entries.
    private func index(ofKey key: [UInt8]) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = entries[middle].key
            if candidate == key { return middle }
            if Self.precedes(candidate, key) { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}
