import EtcdWire
import StoreCore

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
                messages += pieces.map { ProtobufField.bytes(of: $0) }
                continue
            }
            var bytes = header(update.revision)
            if update.watchID != 0 {
                bytes.append(0x10)  // field 2 (watch_id), varint
                ProtobufField.appendVarint(UInt64(bitPattern: update.watchID), to: &bytes)
            }
            bytes += encodedEvents(update.events)
            messages.append(bytes)
        }
        return messages
    }

    /// Field 1 (header) for a revision.
    private mutating func header(_ revision: Revision) -> [UInt8] {
        if let known = headers[revision] { return known }
        var field: [UInt8] = []
        ProtobufField.appendLengthDelimited(tag: 0x0A, ProtobufField.bytes(of: member.header(revision)), to: &field)  // field 1
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
            ProtobufField.appendLengthDelimited(tag: 0x5A, ProtobufField.bytes(of: event.wire), to: &field)  // field 11
        }
        events[address] = field
        return field
    }
}
