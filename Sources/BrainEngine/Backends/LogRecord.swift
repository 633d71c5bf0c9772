import Foundation
import StoreCore

/// One durable state change of brain: what the write-ahead log stores and recovery replays.
enum LogRecord: Sendable, Equatable {
    /// The changes of one revision.
    case commit(Commit)
    /// A lease granted with a TTL in seconds.
    case leaseGrant(id: LeaseID, ttl: Int64)
    /// A lease revoked (its keys' deletions are a separate ``commit``).
    case leaseRevoke(id: LeaseID)
    /// History before this revision dropped.
    case compaction(Revision)
    /// The whole auth state after a change (it is small, and replay keeps the newest).
    case auth(AuthState)
    /// The raised alarms after an operator or the quota check changed them.
    case alarms(Set<Alarm>)
}

extension LogRecord {
    private enum Tag: UInt8 {
        case commit = 1, leaseGrant, leaseRevoke, compaction, auth, alarms
    }

    private enum ChangeTag: UInt8 {
        case put = 1, delete
    }

    /// Encodes a group of records that must apply together.
    static func encode(_ records: [LogRecord]) -> [UInt8] {
        var writer = BinaryWriter(capacity: 128)
        writer.write(UInt32(records.count))
        for record in records { record.encode(into: &writer) }
        return writer.bytes
    }

    /// Decodes a group written by ``encode(_:)``.
    static func decode(_ bytes: [UInt8]) throws(BinaryReader.Malformed) -> [LogRecord] {
        var reader = BinaryReader(bytes)
        let count = try reader.readUInt32()
        var records: [LogRecord] = []
        for _ in 0..<count { records.append(try decode(from: &reader)) }
        guard reader.isAtEnd else { throw BinaryReader.Malformed() }
        return records
    }

    private func encode(into writer: inout BinaryWriter) {
        switch self {
        case .commit(let commit):
            writer.write(Tag.commit.rawValue)
            writer.write(commit.revision)
            writer.write(UInt32(commit.changes.count))
            for change in commit.changes {
                switch change.kind {
                case .put(let kv):
                    writer.write(ChangeTag.put.rawValue)
                    writer.write(kv.key)
                    writer.write(kv.createRevision)
                    writer.write(kv.version)
                    writer.write(kv.value)
                    writer.write(kv.lease)
                case .delete(let key):
                    writer.write(ChangeTag.delete.rawValue)
                    writer.write(key)
                }
            }
        case .leaseGrant(let id, let ttl):
            writer.write(Tag.leaseGrant.rawValue)
            writer.write(id)
            writer.write(ttl)
        case .leaseRevoke(let id):
            writer.write(Tag.leaseRevoke.rawValue)
            writer.write(id)
        case .compaction(let revision):
            writer.write(Tag.compaction.rawValue)
            writer.write(revision)
        case .auth(let state):
            writer.write(Tag.auth.rawValue)
            state.encode(into: &writer)
        case .alarms(let alarms):
            writer.write(Tag.alarms.rawValue)
            Alarm.encode(alarms, into: &writer)
        }
    }

    private static func decode(from reader: inout BinaryReader) throws(BinaryReader.Malformed) -> LogRecord {
        guard let tag = Tag(rawValue: try reader.readByte()) else { throw BinaryReader.Malformed() }
        switch tag {
        case .commit:
            let revision = try reader.readInt64()
            let count = try reader.readUInt32()
            var changes: [Change] = []
            for _ in 0..<count {
                switch ChangeTag(rawValue: try reader.readByte()) {
                case .put:
                    let key = try reader.readData()
                    let createRevision = try reader.readInt64()
                    let version = try reader.readInt64()
                    let value = try reader.readData()
                    let lease = try reader.readInt64()
                    let kv = KeyValue(
                        key: key, createRevision: createRevision, modRevision: revision, version: version,
                        value: value, lease: lease)
                    changes.append(Change(kind: .put(kv)))
                case .delete:
                    changes.append(Change(kind: .delete(try reader.readData())))
                case nil:
                    throw BinaryReader.Malformed()
                }
            }
            return .commit(Commit(revision: revision, changes: changes))
        case .leaseGrant:
            return .leaseGrant(id: try reader.readInt64(), ttl: try reader.readInt64())
        case .leaseRevoke:
            return .leaseRevoke(id: try reader.readInt64())
        case .compaction:
            return .compaction(try reader.readInt64())
        case .auth:
            return .auth(try AuthState(from: &reader))
        case .alarms:
            return .alarms(try Alarm.decodeSet(from: &reader))
        }
    }
}

extension Alarm {
    /// The alarm's byte in brain's files.
    private var code: UInt8 {
        switch self {
        case .noSpace: 1
        case .corrupt: 2
        }
    }

    /// Alarms as a count and one byte each, in a stable order.
    static func encode(_ alarms: Set<Alarm>, into writer: inout BinaryWriter) {
        let codes = alarms.map(\.code).sorted()
        writer.write(UInt32(codes.count))
        for code in codes { writer.write(code) }
    }

    static func decodeSet(from reader: inout BinaryReader) throws(BinaryReader.Malformed) -> Set<Alarm> {
        var alarms: Set<Alarm> = []
        for _ in 0..<(try reader.readUInt32()) {
            switch try reader.readByte() {
            case 1: alarms.insert(.noSpace)
            case 2: alarms.insert(.corrupt)
            default: throw BinaryReader.Malformed()
            }
        }
        return alarms
    }
}
