import StoreCore
import Synchronization

/// Gives Event objects a store lease so they expire after `--event-ttl` (1 hour by default), as
/// kube-apiserver does. One lease serves every event created within a minute, so a burst of events
/// costs one grant, not one per event; each lease lives that minute longer than the TTL.
final class EventLeases: Sendable {
    private let ttlSeconds: Int64
    private static let reuseSeconds: Int64 = 60
    private let current = Mutex<(id: LeaseID, granted: ContinuousClock.Instant)?>(nil)

    /// Creates the pool; a TTL of 0 disables expiry.
    init(ttlSeconds: Int64) {
        self.ttlSeconds = ttlSeconds
    }

    /// The lease to attach to an event created now (0 when expiry is disabled).
    func lease(in store: any KeyValueStore) async throws -> LeaseID {
        guard self.ttlSeconds > 0 else { return 0 }
        let now = ContinuousClock.now
        if let reusable = self.current.withLock({ state -> LeaseID? in
            guard let state, now - state.granted < .seconds(Self.reuseSeconds) else { return nil }
            return state.id
        }) {
            return reusable
        }
        let granted = try await store.leaseGrant(ttl: self.ttlSeconds + Self.reuseSeconds, id: 0)
        self.current.withLock { $0 = (granted.id, now) }
        return granted.id
    }
}
