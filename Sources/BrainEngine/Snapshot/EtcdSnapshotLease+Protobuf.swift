extension EtcdSnapshotLease {
    /// Decodes etcd's `leasepb.Lease` message: `int64 ID = 1`, `int64 TTL = 2`,
    /// `int64 RemainingTTL = 3`. Unknown fields are skipped.
    init(leaseProtobuf bytes: [UInt8]) throws(ProtobufDecodingError) {
        self.init(id: 0, ttl: 0)
        var reader = ProtobufReader(bytes)
        while let field = try reader.nextField() {
            switch field {
            case .varint(1, let value): id = Int64(bitPattern: value)
            case .varint(2, let value): ttl = Int64(bitPattern: value)
            case .varint(3, let value): remainingTTL = Int64(bitPattern: value)
            case .lengthDelimited(let number, _) where (1...3).contains(number):
                throw .unexpectedWireType(field: number)
            default: continue
            }
        }
    }

    /// The lease encoded as etcd's `leasepb.Lease` message.
    var leaseProtobuf: [UInt8] {
        var writer = ProtobufWriter()
        writer.appendInt64(field: 1, id)
        writer.appendInt64(field: 2, ttl)
        writer.appendInt64(field: 3, remainingTTL)
        return writer.bytes
    }
}
