import EtcdWire
import StoreCore
import SwiftProtobuf

/// Encodes a batch of watch responses, encoding what many responses share only once.
///
/// When thousands of watchers see the same put, their responses differ only in the watch ID:
/// the header is the same for one revision, and watchers that take every event share one event
/// array (``WatcherRegistry`` hands them the same storage). Those parts are encoded once per batch
/// and spliced: a protobuf message is the concatenation of its encoded fields.
struct WatchResponseEncoder {
    let member: EtcdMember
    /// The size fragments stay under, for watchers that asked for fragments.
    let fragmentBytes: Int
    private var headers: [Revision: [UInt8]] = [:]
    /// Encoded `events` fields by the address of the (shared, immutable) event array's storage.
    /// Valid for one batch only: the batch keeps every array alive, so no address is reused.
    private var events: [UnsafeRawPointer: [UInt8]] = [:]

    init(member: EtcdMember, fragmentBytes: Int) {
        self.member = member
        self.fragmentBytes = fragmentBytes
    }

    /// The encoded messages for one batch, in order.
    mutating func encode(_ batch: [WatchResponse]) -> [[UInt8]] {
        defer {
            headers.removeAll(keepingCapacity: true)
            events.removeAll(keepingCapacity: true)
        }
        var messages: [[UInt8]] = []
        messages.reserveCapacity(batch.count)
        for update in batch {
            if update.allowsFragments || update.created || update.canceled || update.compactRevision != 0
                || !update.cancelReason.isEmpty
            {
                let message = update.wire(member.header(update.revision))
                let pieces = update.allowsFragments ? message.fragments(limit: fragmentBytes) : [message]
                messages += pieces.map { Self.bytes(of: $0) }
                continue
            }
            var bytes = header(update.revision)
            if update.watchID != 0 {
                bytes.append(0x10)  // field 2 (watch_id), varint
                Self.appendVarint(UInt64(bitPattern: update.watchID), to: &bytes)
            }
            bytes += encodedEvents(update.events)
            messages.append(bytes)
        }
        return messages
    }

    /// Field 1 (header) for a revision.
    private mutating func header(_ revision: Revision) -> [UInt8] {
        if let known = headers[revision] { return known }
        let body = Self.bytes(of: member.header(revision))
        var field: [UInt8] = [0x0A]  // field 1, length-delimited
        Self.appendVarint(UInt64(body.count), to: &field)
        field += body
        headers[revision] = field
        return field
    }

    /// The repeated field 11 (events) for an event list.
    private mutating func encodedEvents(_ list: [Event]) -> [UInt8] {
        guard !list.isEmpty else { return [] }
        let address = list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
        if let known = events[address] { return known }
        var field: [UInt8] = []
        for event in list {
            let body = Self.bytes(of: event.wire)
            field.append(0x5A)  // field 11, length-delimited
            Self.appendVarint(UInt64(body.count), to: &field)
            field += body
        }
        events[address] = field
        return field
    }

    private static func bytes(of message: some Message) -> [UInt8] {
        // Encoding a message built from valid fields cannot fail.
        (try? message.serializedBytes()) ?? []
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
