import Foundation
import StoreCore
import Testing

@testable import BrainEngine

@Suite struct ProtobufTests {
    private static func hex(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = string.startIndex
        while index < string.endIndex {
            let next = string.index(index, offsetBy: 2)
            bytes.append(UInt8(string[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// Bytes copied from a snapshot that etcd 3.4.23 saved: key "a", created at 2, modified at 4,
    /// version 2, value "11".
    @Test func keyValueMatchesEtcdsEncoding() throws {
        let keyValue = KeyValue(
            key: Data("a".utf8),
            createRevision: 2,
            modRevision: 4,
            version: 2,
            value: Data("11".utf8)
        )
        let etcd = Self.hex("0a01611002180420022a023131")
        #expect(keyValue.mvccProtobuf == etcd)
        #expect(try KeyValue(mvccProtobuf: etcd) == keyValue)
    }

    /// A key with lease 0x390da213b78cd50b, and the lease itself (TTL 600), as etcd stored them.
    @Test func leaseFieldsMatchEtcdsEncoding() throws {
        let leaseID: LeaseID = 0x390D_A213_B78C_D50B
        let keyValue = KeyValue(
            key: Data("c".utf8),
            createRevision: 6,
            modRevision: 6,
            version: 1,
            value: Data("3".utf8),
            lease: leaseID
        )
        #expect(keyValue.mvccProtobuf == Self.hex("0a01631006180620012a0133308baab3bcbbc2e88639"))
        let lease = EtcdSnapshotLease(id: leaseID, ttl: 600)
        #expect(lease.leaseProtobuf == Self.hex("088baab3bcbbc2e8863910d804"))
        #expect(try EtcdSnapshotLease(leaseProtobuf: lease.leaseProtobuf) == lease)
    }

    @Test func tombstoneHoldsOnlyTheKey() throws {
        #expect(KeyValue(key: Data("b".utf8)).mvccProtobuf == Self.hex("0a0162"))
    }

    @Test func negativeNumbersTakeTenBytes() throws {
        let keyValue = KeyValue(key: Data("k".utf8), version: -1)
        let bytes = keyValue.mvccProtobuf
        #expect(bytes.count == 3 + 1 + 10)
        #expect(try KeyValue(mvccProtobuf: bytes) == keyValue)
    }

    @Test func skipsUnknownFields() throws {
        var writer = ProtobufWriter()
        writer.appendBytes(field: 1, Array("k".utf8))
        writer.appendInt64(field: 9, 5)
        writer.appendBytes(field: 10, [1, 2, 3])
        writer.appendVarint(11 << 3 | 1)
        writer.appendBytes(field: 5, Array("v".utf8))
        var bytes = writer.bytes
        bytes.insert(contentsOf: [UInt8](repeating: 0, count: 8), at: bytes.count - 3)
        #expect(try KeyValue(mvccProtobuf: bytes) == KeyValue(key: Data("k".utf8), value: Data("v".utf8)))
    }

    @Test func rejectsMalformedMessages() {
        #expect(throws: ProtobufDecodingError.truncated) { try KeyValue(mvccProtobuf: [0x0A, 0x05, 0x61]) }
        #expect(throws: ProtobufDecodingError.truncated) { try KeyValue(mvccProtobuf: [0x10, 0x80]) }
        #expect(throws: ProtobufDecodingError.varintTooLong) {
            try KeyValue(mvccProtobuf: [0x10] + [UInt8](repeating: 0xFF, count: 11))
        }
        #expect(throws: ProtobufDecodingError.invalidWireType(3)) { try KeyValue(mvccProtobuf: [0x0B]) }
        #expect(throws: ProtobufDecodingError.invalidFieldNumber(0)) { try KeyValue(mvccProtobuf: [0x00, 0x01]) }
        #expect(throws: ProtobufDecodingError.unexpectedWireType(field: 2)) {
            try KeyValue(mvccProtobuf: [0x12, 0x00])
        }
        #expect(throws: ProtobufDecodingError.unexpectedWireType(field: 1)) {
            try EtcdSnapshotLease(leaseProtobuf: [0x0A, 0x00])
        }
    }
}
