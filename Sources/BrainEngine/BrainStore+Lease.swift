import Logging
public import StoreCore
import Synchronization

extension BrainStore {
    public func leaseGrant(ttl: Int64, id: LeaseID) async throws -> LeaseGrantResponse {
        try await write { state throws(StoreError) in
            if ttl > BrainConfiguration.maximumLeaseTTL { throw .leaseTTLTooLarge }
            try checkSpace(&state)
            var leaseID = id
            if leaseID == 0 {
                repeat { leaseID = Int64.random(in: 1...Int64.max) } while state.mvcc.leases[leaseID] != nil
            } else if state.mvcc.leases[leaseID] != nil {
                throw .leaseExists
            }
            let granted = max(ttl, configuration.minimumLeaseTTL)
            state.mvcc.leases[leaseID] = LeaseRecord(id: leaseID, ttl: granted, deadline: .now + .seconds(granted))
            let response = LeaseGrantResponse(revision: state.readableRevision, id: leaseID, ttl: granted)
            return (response, [.leaseGrant(id: leaseID, ttl: granted)], nil)
        }
    }

    public func leaseRevoke(_ id: LeaseID) async throws -> Revision {
        try await write { state throws(StoreError) in
            Self.logged(try state.mvcc.revokeLease(id), extra: [.leaseRevoke(id: id)])
        }
    }

    public func leaseKeepAlive(_ id: LeaseID) async throws -> (ttl: Int64, revision: Revision) {
        try state.withLock { state throws(StoreError) in
            guard let lease = state.mvcc.leases[id], lease.deadline > .now else { throw .leaseNotFound }
            state.mvcc.leases[id]?.deadline = .now + .seconds(lease.ttl)
            return (lease.ttl, state.readableRevision)
        }
    }

    public func leaseTimeToLive(_ id: LeaseID, keys: Bool) async throws -> LeaseTimeToLiveResponse {
        state.withLock { state in
            guard let lease = state.mvcc.leases[id] else {
                return LeaseTimeToLiveResponse(revision: state.readableRevision, id: id, ttl: -1, grantedTTL: 0)
            }
            let remaining = max(0, (lease.deadline - .now).components.seconds)
            return LeaseTimeToLiveResponse(
                revision: state.readableRevision,
                id: id,
                ttl: remaining,
                grantedTTL: lease.ttl,
                keys: keys ? lease.keys.sorted(by: KeyOrder.less) : []
            )
        }
    }

    public func leases() async throws -> [LeaseID] {
        state.withLock { $0.mvcc.leases.keys.sorted() }
    }

    /// Revokes every lease whose deadline passed.
    func expireLeases() async {
        let now = ContinuousClock.now
        let expired = state.withLock { state in
            state.mvcc.leases.values.filter { $0.deadline <= now }.map(\.id)
        }
        await revokeExpired(expired, logger: logger)
    }
}
