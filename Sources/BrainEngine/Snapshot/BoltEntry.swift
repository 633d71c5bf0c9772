/// One key of a bbolt bucket: either a plain value or a nested bucket.
indirect enum BoltEntry: Hashable, Sendable {
    /// A key holding a value.
    case value(key: [UInt8], value: [UInt8])
    /// A key holding a nested bucket.
    case bucket(key: [UInt8], bucket: BoltBucket)

    /// The entry's key, by which bbolt orders a bucket (byte-wise).
    var key: [UInt8] {
        switch self {
        case .value(let key, _), .bucket(let key, _):
            return key
        }
    }
}
