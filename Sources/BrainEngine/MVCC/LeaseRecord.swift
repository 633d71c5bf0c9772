import Foundation
import StoreCore

/// A live lease and the keys attached to it.
struct LeaseRecord: Sendable {
    var id: LeaseID
    /// The granted TTL in seconds.
    var ttl: Int64
    /// When the lease expires unless renewed.
    var deadline: ContinuousClock.Instant
    var keys: Set<Data> = []
}
