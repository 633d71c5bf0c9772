import Foundation
import StoreCore

extension KeyValue {
    /// Decodes etcd's `mvccpb.KeyValue` message, the value of each entry in the backend's `key` bucket.
    ///
    /// Fields: `bytes key = 1`, `int64 create_revision = 2`, `int64 mod_revision = 3`,
    /// `int64 version = 4`, `bytes value = 5`, `int64 lease = 6`. Unknown fields are skipped.
    init(mvccProtobuf bytes: [UInt8]) throws(ProtobufDecodingError) {
        self.init(key: Data())
        var reader = ProtobufReader(bytes)
        while let field = try reader.nextField() {
            switch field {
            case .lengthDelimited(1, let value): key = Data(value)
            case .lengthDelimited(5, let value): self.value = Data(value)
            case .varint(2, let value): createRevision = Revision(bitPattern: value)
            case .varint(3, let value): modRevision = Revision(bitPattern: value)
            case .varint(4, let value): version = Int64(bitPattern: value)
            case .varint(6, let value): lease = LeaseID(bitPattern: value)
            case .varint(let number, _) where [1, 5].contains(number):
                throw .unexpectedWireType(field: number)
            case .lengthDelimited(let number, _) where (2...4).contains(number) || number == 6:
                throw .unexpectedWireType(field: number)
            default: continue
            }
        }
    }

    /// The key-value encoded as etcd's `mvccpb.KeyValue` message, default fields left out.
    var mvccProtobuf: [UInt8] {
        var writer = ProtobufWriter()
        writer.appendBytes(field: 1, key)
        writer.appendInt64(field: 2, createRevision)
        writer.appendInt64(field: 3, modRevision)
        writer.appendInt64(field: 4, version)
        writer.appendBytes(field: 5, value)
        writer.appendInt64(field: 6, lease)
        return writer.bytes
    }
}
