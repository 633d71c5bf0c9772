import CoreMetrics
import Foundation
import Synchronization
import StoreCore

/// The embedded engine's storage: a segmented write-ahead log with group commit, plus snapshot
/// files that let old segments go.
///
/// Appends land in an in-memory buffer; a dedicated flusher thread writes whatever accumulated
/// and syncs it with one `fdatasync`, so concurrent writers share a sync. A group is reported
/// durable only after its sync returned. Each frame carries its ticket and a CRC-32C, so recovery
/// stops at a torn tail (and truncates it) instead of replaying garbage.
///
/// Layout of the directory: `wal/<first ticket>.wal` segments and `snap/<ticket>.snap` snapshots,
/// names in 16 hex digits.
final class FileBackend: StorageBackend {
    private struct Pending {
        var sealed: [Item] = []
        var buffer: [UInt8] = []
        var bufferLastTicket: UInt64 = 0
        var lastTicket: UInt64 = 0
        var durable: UInt64 = 0
        var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var failure: StoreError?
        var flusherIdle = true
        var closing = false
        var logBytes: Int64 = 0
        var snapshotBytes: Int64 = 0
        /// The first ticket of the segment the flusher writes to now.
        var segmentFirstTicket: UInt64 = 0
    }

    private enum Item {
        case frames([UInt8], lastTicket: UInt64)
        case rotate(firstTicket: UInt64)
    }

    private let walDirectory: URL
    private let snapDirectory: URL
    private let syncDelay: Duration
    private let pending = Mutex(Pending())
    private let wakeup = DispatchSemaphore(value: 0)
    private let flusherDone = DispatchSemaphore(value: 0)
    /// Set by the flusher thread only (and before it starts).
    private let segment = Mutex<Int32>(-1)
    private let started = Atomic<Bool>(false)
    private let fsyncDuration = Timer(label: "etcd_disk_wal_fsync_duration_seconds")
    private let commitDuration = Timer(label: "etcd_disk_backend_commit_duration_seconds")

    /// Opens (creating if needed) a backend in `directory`.
    /// - Parameter syncDelay: extra time added to each sync, to emulate slower disks in benchmarks.
    init(directory: URL, syncDelay: Duration = .zero) throws(StoreError) {
        walDirectory = directory.appendingPathComponent("wal")
        snapDirectory = directory.appendingPathComponent("snap")
        self.syncDelay = syncDelay
        do {
            for url in [walDirectory, snapDirectory] {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            }
        } catch {
            throw .unavailable("cannot create data directory \(directory.path): \(error)")
        }
    }

    // MARK: Recovery

    func recover() throws(StoreError) -> BackendRecovery {
        // A snapshot cut short by a crash never got its final name: drop it.
        for leftover in try files(in: snapDirectory, suffix: ".snap.tmp") {
            try? FileManager.default.removeItem(at: leftover)
        }
        let image = try loadNewestSnapshot()
        let floor = image?.ticket ?? 0
        var groups: [[LogRecord]] = []
        var lastTicket = floor
        let segments = try listSegments()
        for (position, segmentURL) in segments.enumerated() {
            let bytes: [UInt8]
            do { bytes = [UInt8](try Data(contentsOf: segmentURL)) } catch {
                throw .unavailable("cannot read \(segmentURL.path): \(error)")
            }
            var offset = 0
            while offset < bytes.count {
                guard let frame = Self.frame(in: bytes, at: offset) else { break }
                offset = frame.end
                guard frame.ticket > floor else { continue }
                guard frame.ticket == lastTicket + 1 else {
                    throw .unavailable("log gap in \(segmentURL.lastPathComponent): ticket \(frame.ticket) after \(lastTicket)")
                }
                do { groups.append(try LogRecord.decode(frame.payload)) } catch {
                    throw .unavailable("undecodable log frame \(frame.ticket) in \(segmentURL.lastPathComponent)")
                }
                lastTicket = frame.ticket
            }
            if offset < bytes.count {
                // A torn write can only be the tail of the newest segment.
                guard position == segments.count - 1 else {
                    throw .unavailable("corrupt log segment \(segmentURL.lastPathComponent) at offset \(offset)")
                }
                try truncate(segmentURL, to: offset)
            }
        }
        var snapshotBytes: Int64 = 0
        if let newest = try snapshotFiles().last { snapshotBytes = Int64(try fileSize(newest)) }
        var logBytes: Int64 = 0
        for segment in segments { logBytes += Int64(try fileSize(segment)) }
        try openSegment(firstTicket: lastTicket + 1)
        pending.withLock {
            $0.lastTicket = lastTicket
            $0.bufferLastTicket = lastTicket
            $0.durable = lastTicket
            $0.logBytes = logBytes
            $0.snapshotBytes = snapshotBytes
            $0.segmentFirstTicket = lastTicket + 1
        }
        startFlusher()
        return BackendRecovery(image: image, groups: groups, lastTicket: lastTicket)
    }

    private struct Frame {
        var ticket: UInt64
        var payload: [UInt8]
        var end: Int
    }

    private static let frameHeaderSize = 16

    private static func frame(in bytes: [UInt8], at offset: Int) -> Frame? {
        var header = BinaryReader(bytes, offset: offset)
        guard let length = try? header.readUInt32(), let crc = try? header.readUInt32(),
            let ticket = try? header.readUInt64()
        else { return nil }
        let start = offset + frameHeaderSize
        let end = start + Int(length)
        guard end <= bytes.count else { return nil }
        let payload = Array(bytes[start..<end])
        let expected = CRC32C.checksum(payload, seed: CRC32C.checksum(bytes[offset + 8..<start]))
        guard expected == crc else { return nil }
        return Frame(ticket: ticket, payload: payload, end: end)
    }

    private static func encodeFrame(ticket: UInt64, payload: [UInt8], into buffer: inout [UInt8]) {
        var ticketBytes = BinaryWriter(capacity: 8)
        ticketBytes.write(ticket)
        var header = BinaryWriter(capacity: frameHeaderSize)
        header.write(UInt32(payload.count))
        header.write(CRC32C.checksum(payload, seed: CRC32C.checksum(ticketBytes.bytes)))
        header.write(raw: ticketBytes.bytes)
        buffer.append(contentsOf: header.bytes)
        buffer.append(contentsOf: payload)
    }

    // MARK: Appending

    func append(_ records: [LogRecord]) -> UInt64 {
        let payload = LogRecord.encode(records)
        let (ticket, wake) = pending.withLock { state -> (UInt64, Bool) in
            state.lastTicket += 1
            Self.encodeFrame(ticket: state.lastTicket, payload: payload, into: &state.buffer)
            state.bufferLastTicket = state.lastTicket
            let wake = state.flusherIdle
            state.flusherIdle = false
            return (state.lastTicket, wake)
        }
        if wake { wakeup.signal() }
        return ticket
    }

    func waitUntilDurable(_ ticket: UInt64) async throws(StoreError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, StoreError>? = pending.withLock { state in
                    if let failure = state.failure { return .failure(failure) }
                    if state.durable >= ticket { return .success(()) }
                    state.waiters.append((ticket, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
    }

    var durableTicket: UInt64 { pending.withLock { $0.durable } }

    var sizeInBytes: Int64 { pending.withLock { $0.logBytes + $0.snapshotBytes } }

    // MARK: The flusher

    private func startFlusher() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in flushLoop() }
        thread.name = "brain-wal-flusher"
        thread.start()
    }

    private func flushLoop() {
        while true {
            wakeup.wait()
            while true {
                let (items, closing) = pending.withLock { state -> ([Item], Bool) in
                    var items = state.sealed
                    state.sealed = []
                    if !state.buffer.isEmpty {
                        items.append(.frames(state.buffer, lastTicket: state.bufferLastTicket))
                        state.buffer = []
                    }
                    if items.isEmpty { state.flusherIdle = true }
                    return (items, state.closing)
                }
                if items.isEmpty {
                    if closing {
                        closeSegment()
                        flusherDone.signal()
                        return
                    }
                    break
                }
                flush(items)
            }
        }
    }

    private func flush(_ items: [Item]) {
        let started = ContinuousClock.now
        var lastTicket: UInt64 = 0
        var written: Int64 = 0
        do {
            for item in items {
                switch item {
                case .frames(let bytes, let ticket):
                    try writeAll(bytes)
                    written += Int64(bytes.count)
                    lastTicket = ticket
                case .rotate(let firstTicket):
                    try syncSegment()
                    closeSegment()
                    try openSegment(firstTicket: firstTicket)
                    pending.withLock { $0.segmentFirstTicket = firstTicket }
                }
            }
            let syncStarted = ContinuousClock.now
            try syncSegment()
            if syncDelay > .zero { Thread.sleep(forTimeInterval: syncDelay.seconds) }
            fsyncDuration.recordNanoseconds((ContinuousClock.now - syncStarted).nanoseconds)
            commitDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        } catch {
            fail(error)
            return
        }
        let ready = pending.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.logBytes += written
            if lastTicket > state.durable { state.durable = lastTicket }
            let durable = state.durable
            let split = state.waiters.partition { $0.ticket > durable }
            let ready = state.waiters[..<split].map(\.continuation)
            state.waiters.removeSubrange(..<split)
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    private func fail(_ error: StoreError) {
        let waiters = pending.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.failure = error
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    // MARK: Segment files (flusher thread, or before it starts)

    private func segmentURL(_ firstTicket: UInt64) -> URL {
        walDirectory.appendingPathComponent(String(format: "%016llx.wal", firstTicket))
    }

    private func openSegment(firstTicket: UInt64) throws(StoreError) {
        let path = segmentURL(firstTicket).path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unavailable("cannot open \(path): \(String(cString: strerror(errno)))") }
        segment.withLock { $0 = fd }
        try syncDirectory(walDirectory)
    }

    private func closeSegment() {
        segment.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws(StoreError) {
        try Self.writeFully(segment.withLock { $0 }, bytes, path: "the log segment")
    }

    private func syncSegment() throws(StoreError) {
        let fd = segment.withLock { $0 }
        guard fdatasync(fd) == 0 else { throw .unavailable("log sync failed: \(String(cString: strerror(errno)))") }
    }

    private func syncDirectory(_ url: URL) throws(StoreError) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .unavailable("cannot open \(url.path)") }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw .unavailable("cannot sync \(url.path)") }
    }

    private func truncate(_ url: URL, to length: Int) throws(StoreError) {
        guard Glibc.truncate(url.path, off_t(length)) == 0 else {
            throw .unavailable("cannot truncate torn log tail of \(url.path)")
        }
    }

    private func listSegments() throws(StoreError) -> [URL] {
        try files(in: walDirectory, suffix: ".wal")
    }

    private func snapshotFiles() throws(StoreError) -> [URL] {
        try files(in: snapDirectory, suffix: ".snap")
    }

    private func files(in directory: URL, suffix: String) throws(StoreError) -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(suffix) }
                .sorted()
                .map { directory.appendingPathComponent($0) }
        } catch {
            throw .unavailable("cannot list \(directory.path): \(error)")
        }
    }

    private func fileSize(_ url: URL) throws(StoreError) -> Int {
        do {
            return (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        } catch {
            throw .unavailable("cannot stat \(url.path)")
        }
    }

    private static func ticket(fromName name: String) -> UInt64? {
        UInt64(name.split(separator: ".").first ?? "", radix: 16)
    }

    // MARK: Snapshots

    func beginSnapshot() -> UInt64 {
        let (ticket, wake) = pending.withLock { state -> (UInt64, Bool) in
            if !state.buffer.isEmpty {
                state.sealed.append(.frames(state.buffer, lastTicket: state.bufferLastTicket))
                state.buffer = []
            }
            state.sealed.append(.rotate(firstTicket: state.lastTicket + 1))
            let wake = state.flusherIdle
            state.flusherIdle = false
            return (state.lastTicket, wake)
        }
        if wake { wakeup.signal() }
        return ticket
    }

    func writeSnapshot(_ image: StateImage) async throws(StoreError) {
        // Wait for the flusher to switch segments, so the covered segments can all go.
        while true {
            let (segment, failure) = pending.withLock { ($0.segmentFirstTicket, $0.failure) }
            if let failure { throw failure }
            if segment > image.ticket { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        let name = String(format: "%016llx.snap", image.ticket)
        let final = snapDirectory.appendingPathComponent(name)
        let temporary = snapDirectory.appendingPathComponent(name + ".tmp")
        try await Self.onBackgroundThread { () throws(StoreError) in try Self.writeSnapshotFile(image, to: temporary) }
        guard rename(temporary.path, final.path) == 0 else {
            throw .unavailable("cannot rename \(temporary.path): \(String(cString: strerror(errno)))")
        }
        try syncDirectory(snapDirectory)
        // The snapshot covers every segment that starts at or before its ticket, but the newest
        // such segment may hold later frames: keep it unless the next segment starts right after.
        let segments = try listSegments()
        var removedBytes: Int64 = 0
        for (position, url) in segments.enumerated() {
            guard position + 1 < segments.count,
                let next = Self.ticket(fromName: segments[position + 1].lastPathComponent),
                next <= image.ticket + 1
            else { break }
            removedBytes += Int64(try fileSize(url))
            try? FileManager.default.removeItem(at: url)
        }
        for url in try snapshotFiles() where url != final {
            try? FileManager.default.removeItem(at: url)
        }
        let snapshotBytes = Int64(try fileSize(final))
        pending.withLock {
            $0.logBytes = max(0, $0.logBytes - removedBytes)
            $0.snapshotBytes = snapshotBytes
        }
    }

    /// Runs `work` on its own thread at a lower CPU priority (nice 10), so encoding and writing a
    /// large snapshot competes less with serving on a small machine.
    private static func onBackgroundThread(_ work: @escaping @Sendable () throws(StoreError) -> Void) async throws(StoreError) {
        let result: Result<Void, StoreError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                // On Linux the nice value is per thread: `who` 0 lowers only this one.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                continuation.resume(returning: Result { () throws(StoreError) in try work() })
            }
            thread.name = "brain-snapshot"
            thread.start()
        }
        try result.get()
    }

    /// Writes a snapshot file and syncs it: "WHARFSN1", the body's length (two 32-bit halves)
    /// and CRC-32C, then the body, streamed in chunks as the image encodes (the header is filled
    /// in last).
    private static func writeSnapshotFile(_ image: StateImage, to url: URL) throws(StoreError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unavailable("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        let headerBytes = 20
        var length = 0
        var crc: UInt32 = 0
        try writeFully(fd, [UInt8](repeating: 0, count: headerBytes), path: url.path)
        var unsynced = 0
        try image.encode { (chunk: [UInt8]) throws(StoreError) in
            crc = CRC32C.checksum(chunk, seed: crc)
            try writeFully(fd, chunk, path: url.path)
            length += chunk.count
            unsynced += chunk.count
            if unsynced >= syncEveryBytes {
                // Sync as it goes, so no single sync (nor the log's syncs queued behind it on the
                // same disk) waits for the whole file.
                guard fdatasync(fd) == 0 else {
                    throw .unavailable("cannot sync \(url.path): \(String(cString: strerror(errno)))")
                }
                unsynced = 0
            }
        }
        var header = BinaryWriter(capacity: headerBytes)
        header.write(raw: Array("WHARFSN1".utf8))
        header.write(UInt32(UInt64(length) >> 32))
        header.write(UInt32(UInt64(length) & 0xffff_ffff))
        header.write(crc)
        let written = header.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, headerBytes, 0) }
        guard written == headerBytes, fsync(fd) == 0 else {
            throw .unavailable("cannot finish snapshot \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// How much of a snapshot is written between syncs.
    private static let syncEveryBytes = 8 << 20

    private static func writeFully(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .unavailable("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += result
        }
    }

    private func loadNewestSnapshot() throws(StoreError) -> StateImage? {
        guard let url = try snapshotFiles().last else { return nil }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw .unavailable("cannot read snapshot \(url.path): \(error)")
        }
        var reader = BinaryReader(bytes)
        guard bytes.count >= 20, Array(bytes[0..<8]) == Array("WHARFSN1".utf8) else {
            throw .unavailable("not a brain snapshot: \(url.path)")
        }
        reader = BinaryReader(bytes, offset: 8)
        guard let high = try? reader.readUInt32(), let low = try? reader.readUInt32(),
            let crc = try? reader.readUInt32()
        else { throw .unavailable("truncated snapshot \(url.path)") }
        let length = Int(UInt64(high) << 32 | UInt64(low))
        guard reader.offset + length == bytes.count else { throw .unavailable("truncated snapshot \(url.path)") }
        guard CRC32C.checksum(bytes[reader.offset...]) == crc else {
            throw .unavailable("snapshot checksum mismatch: \(url.path)")
        }
        do { return try StateImage(decoding: bytes, from: reader.offset) } catch {
            throw .unavailable("undecodable snapshot \(url.path)")
        }
    }

    // MARK: Shutdown

    func close() async {
        let wasStarted = started.load(ordering: .relaxed)
        pending.withLock { $0.closing = true }
        guard wasStarted else { return }
        wakeup.signal()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = flusherDone
            Thread {
                done.wait()
                continuation.resume()
            }.start()
        }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
