import Foundation
import StoreCore

extension StateImage {
    /// Encodes the image in brain's snapshot encoding (framed and checksummed by the backend),
    /// handing the bytes to `emit` in pieces of about `chunkBytes`, so a large store is written
    /// without holding its whole encoding in memory.
    func encode(chunkBytes: Int = 1 << 20, _ emit: ([UInt8]) throws(StoreError) -> Void) throws(StoreError) {
        var writer = BinaryWriter(capacity: chunkBytes + (1 << 16))
        var failure: StoreError?
        /// Hands over what is written once it passes the chunk size.
        func spill() {
            guard failure == nil, writer.bytes.count >= chunkBytes else { return }
            do throws(StoreError) { try emit(writer.bytes) } catch { failure = error }
            writer.removeAll()
        }
        writer.write(ticket)
        writer.write(state.currentRevision)
        writer.write(state.compactRevision)
        writer.write(UInt64(state.leases.count))
        for lease in state.leases.values.sorted(by: { $0.id < $1.id }) {
            writer.write(lease.id)
            writer.write(lease.ttl)
        }
        writer.write(UInt64(state.index.count))
        state.index.forEach { key, history in
            writer.write(key)
            writer.write(UInt32(history.entries.count))
            for entry in history.entries {
                writer.write(entry.modRevision)
                writer.write(entry.createRevision)
                writer.write(entry.version)
                writer.write(entry.value)
                writer.write(entry.lease)
                writer.write(entry.isTombstone)
            }
            spill()
        }
        writer.write(UInt64(state.changeLog.count))
        for change in state.changeLog {
            writer.write(change.revision)
            writer.write(change.key)
            spill()
        }
        auth.encode(into: &writer)
        Alarm.encode(alarms, into: &writer)
        if let failure { throw failure }
        try emit(writer.bytes)
    }

    /// Decodes an image written by ``encode(chunkBytes:_:)`` from `bytes` at `offset` to the end;
    /// lease deadlines start over from `now`, as etcd's do after a restart.
    init(decoding bytes: [UInt8], from offset: Int = 0, now: ContinuousClock.Instant = .now)
        throws(BinaryReader.Malformed)
    {
        var reader = BinaryReader(bytes, offset: offset)
        let ticket = try reader.readUInt64()
        var state = MVCCState()
        let current = try reader.readInt64()
        let compact = try reader.readInt64()
        for _ in 0..<(try reader.readUInt64()) {
            let id = try reader.readInt64()
            let ttl = try reader.readInt64()
            state.leases[id] = LeaseRecord(id: id, ttl: ttl, deadline: now + .seconds(ttl))
        }
        for _ in 0..<(try reader.readUInt64()) {
            let key = try reader.readData()
            var entries: [KeyHistory.Entry] = []
            for _ in 0..<(try reader.readUInt32()) {
                entries.append(
                    KeyHistory.Entry(
                        modRevision: try reader.readInt64(),
                        createRevision: try reader.readInt64(),
                        version: try reader.readInt64(),
                        value: try reader.readData(),
                        lease: try reader.readInt64(),
                        isTombstone: try reader.readBool()
                    ))
            }
            guard let first = entries.first else { throw BinaryReader.Malformed() }
            var history = KeyHistory(first)
            history.entries = entries
            state.restore(key: key, history: history)
        }
        var changeLog: [MVCCState.LoggedChange] = []
        for _ in 0..<(try reader.readUInt64()) {
            changeLog.append(MVCCState.LoggedChange(revision: try reader.readInt64(), key: try reader.readData()))
        }
        state.restore(changeLog: changeLog)
        state.restoreRevisions(current: current, compact: compact)
        let auth = try AuthState(from: &reader)
        // Images written before alarms were kept end here.
        let alarms = reader.isAtEnd ? [] : try Alarm.decodeSet(from: &reader)
        guard reader.isAtEnd else { throw BinaryReader.Malformed() }
        self.init(ticket: ticket, state: state, auth: auth, alarms: alarms)
    }
}
