public import Foundation

/// A write of one key.
public struct PutRequest: Sendable, Hashable {
    public var key: Data
    public var value: Data
    /// The lease to attach the key to, or 0.
    public var lease: LeaseID
    /// Return the pair as it was before the write.
    public var prevKV: Bool
    /// Keep the key's current value (the key must exist).
    public var ignoreValue: Bool
    /// Keep the key's current lease (the key must exist).
    public var ignoreLease: Bool

    public init(
        key: Data,
        value: Data = Data(),
        lease: LeaseID = 0,
        prevKV: Bool = false,
        ignoreValue: Bool = false,
        ignoreLease: Bool = false
    ) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }
}
