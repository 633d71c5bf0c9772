import Foundation
import Testing

@testable import BrainEngine

@Suite struct BoltFileTests {
    /// A bucket of `count` keys shaped like etcd's revision keys, each with a `valueSize`-byte value.
    private static func revisionBucket(count: Int, valueSize: Int) -> BoltBucket {
        BoltBucket(
            entries: (0..<count).map { index in
                let key = EtcdSnapshotRecord.revisionBytes(main: Int64(index + 2), sub: 0)
                let value = (0..<valueSize).map { UInt8(truncatingIfNeeded: index &+ $0) }
                return .value(key: key, value: value)
            }
        )
    }

    private static func read(_ file: [UInt8]) throws -> BoltBucket {
        try file.withUnsafeBytes { try BoltFileReader.readRootBucket(from: $0) }
    }

    @Test func roundTripsBranchLevelsOverflowAndInlineBuckets() throws {
        let large = [UInt8](repeating: 0xAB, count: 10_000)
        var big = Self.revisionBucket(count: 5_000, valueSize: 100)
        big.entries.insert(.value(key: [0], value: large), at: 0)
        let nested = BoltBucket(
            sequence: 7,
            entries: [
                .bucket(key: Array("inner".utf8), bucket: BoltBucket(entries: [.value(key: [1], value: [2])])),
                .value(key: Array("plain".utf8), value: Array("value".utf8)),
            ]
        )
        let root = BoltBucket(
            entries: [
                .bucket(key: Array("big".utf8), bucket: big),
                .bucket(key: Array("empty".utf8), bucket: BoltBucket()),
                .bucket(key: Array("nested".utf8), bucket: nested),
                .bucket(key: Array("small".utf8), bucket: BoltBucket(entries: [.value(key: [9], value: [])])),
            ]
        )

        let file = BoltFileWriter().encoded(root)
        #expect(file.count % BoltLayout.defaultPageSize == 0)
        #expect(try Self.read(file) == root)

        let census = try BoltPageCensus(file: file)
        #expect(census.meta.pageSize == 4096)
        #expect(census.meta.freelistPageID == 2)
        #expect(census.meta.highWaterMark == UInt64(file.count / 4096))
        #expect(census.freelistPages == 1)
        #expect(census.leafPages > 100)
        // 5,000 keys make well over one page of branch elements, so the tree has two branch levels.
        #expect(census.branchPages >= 3)
        #expect(census.overflowPages >= 2)
    }

    @Test func smallBucketsAreStoredInline() throws {
        let root = BoltBucket(
            entries: [
                .bucket(key: Array("a".utf8), bucket: BoltBucket(entries: [.value(key: [1], value: [2])])),
                .bucket(key: Array("b".utf8), bucket: BoltBucket()),
            ]
        )
        let file = BoltFileWriter().encoded(root)
        let census = try BoltPageCensus(file: file)
        // Only the root bucket's leaf needs a page of its own.
        #expect(census.leafPages == 1)
        #expect(file.count == 4 * 4096)
        #expect(try Self.read(file) == root)
    }

    @Test func normalizesEntryOrderAndDuplicates() throws {
        let bucket = BoltBucket(
            entries: [
                .value(key: [3], value: [1]),
                .value(key: [1], value: [1]),
                .value(key: [3], value: [2]),
                .value(key: [], value: [0]),
            ]
        )
        let root = BoltBucket(entries: [.bucket(key: [1], bucket: bucket)])
        let read = try Self.read(BoltFileWriter().encoded(root))
        #expect(read.bucket(named: [1])?.entries == [.value(key: [1], value: [1]), .value(key: [3], value: [2])])
    }

    @Test func streamsTheSameBytesInChunks() throws {
        let root = BoltBucket(entries: [
            .bucket(key: Array("k".utf8), bucket: Self.revisionBucket(count: 2_000, valueSize: 50))
        ])
        var chunks: [[UInt8]] = []
        BoltFileWriter().write(root, chunkSize: 8192) { chunks.append($0) }
        #expect(chunks.count > 2)
        #expect(chunks.dropLast().allSatisfy { $0.count >= 8192 && $0.count % 4096 == 0 })
        #expect(Array(chunks.joined()) == BoltFileWriter().encoded(root))
    }

    @Test func fallsBackToTheOtherMetaPage() throws {
        let root = BoltBucket(entries: [.bucket(key: Array("k".utf8), bucket: BoltBucket())])
        var file = BoltFileWriter().encoded(root)
        // Corrupt the first meta record's root page id: its checksum no longer matches.
        file[16 + 16] ^= 0xFF
        #expect(try Self.read(file) == root)
        // Corrupt the second too: nothing valid is left.
        file[4096 + 16 + 16] ^= 0xFF
        #expect(throws: BoltFileError.invalidMeta(reason: "checksum mismatch")) { try Self.read(file) }
    }

    @Test func rejectsDamagedFiles() throws {
        let root = BoltBucket(entries: [
            .bucket(key: Array("k".utf8), bucket: Self.revisionBucket(count: 500, valueSize: 40))
        ])
        let file = BoltFileWriter().encoded(root)

        #expect(throws: BoltFileError.fileTooSmall(size: 10)) { try Self.read(Array(file.prefix(10))) }
        #expect(throws: BoltFileError.self) { try Self.read([UInt8](repeating: 0, count: 8192)) }
        #expect(throws: BoltFileError.truncated(expectedSize: file.count, actualSize: file.count - 4096)) {
            try Self.read(Array(file.dropLast(4096)))
        }

        // Point the root bucket's first element somewhere past the page.
        let meta = try BoltPageCensus(file: file).meta
        var badElement = file
        let rootStart = Int(meta.rootPageID) * 4096
        badElement[rootStart + 16 + 4] = 0xFF
        badElement[rootStart + 16 + 5] = 0xFF
        #expect(
            throws: BoltFileError.malformedPage(pageID: meta.rootPageID, reason: "leaf element 0 runs past the page")
        ) {
            try Self.read(badElement)
        }

        // Make the root page a freelist page.
        var badType = file
        badType[rootStart + 8] = 0x10
        #expect(throws: BoltFileError.unexpectedPageType(pageID: meta.rootPageID, flags: 0x10)) {
            try Self.read(badType)
        }
    }

    @Test func metaRecordMatchesBboltLayout() {
        let meta = BoltMeta(pageSize: 4096, rootPageID: 3, freelistPageID: 2, highWaterMark: 4, transactionID: 1)
        let bytes = meta.encoded()
        #expect(bytes.count == 64)
        #expect(Array(bytes[0..<8]) == [0xED, 0xDA, 0x0C, 0xED, 2, 0, 0, 0])
        let checksum = bytes.withUnsafeBytes { BoltMeta.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<56])) }
        #expect(Array(bytes[56..<64]) == withUnsafeBytes(of: checksum.littleEndian) { Array($0) })
        // FNV-1a 64 of "a", a published test vector.
        #expect(Array("a".utf8).withUnsafeBytes { BoltMeta.checksum($0) } == 0xAF63_DC4C_8601_EC8C)
        #expect(bytes.withUnsafeBytes { try? BoltMeta(decoding: $0) } == meta)
    }
}
