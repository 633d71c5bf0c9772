import StoreCore

/// Copies leases from one store to another under the same ID, each at most once per migration.
struct LeaseCopier {
    let source: any KeyValueStore
    let target: any KeyValueStore
    /// Whether to only find out what would be granted.
    let dryRun: Bool
    /// Whether each lease seen so far is live on the target (or would be, in a dry run).
    private var copied: [LeaseID: Bool] = [:]

    init(source: any KeyValueStore, target: any KeyValueStore, dryRun: Bool) {
        self.source = source
        self.target = target
        self.dryRun = dryRun
    }

    /// Grants lease `id` on the target with the TTL it has left on the source, unless the target
    /// has it already; returns false when it expired on the source.
    mutating func copy(_ id: LeaseID, summary: inout StoreMigrationSummary) async throws -> Bool {
        if let known = copied[id] { return known }
        let remaining = try await StoreMigrationError.onSource { try await Self.remainingTTL(id, in: source) }
        let live = remaining > 0
        copied[id] = live
        guard live else {
            summary.leasesExpired += 1
            return false
        }
        if dryRun {
            let present = try await StoreMigrationError.onTarget { try await Self.remainingTTL(id, in: target) } > 0
            if present { summary.leasesKept += 1 } else { summary.leasesGranted += 1 }
            return true
        }
        do {
            _ = try await target.leaseGrant(ttl: remaining, id: id)
            summary.leasesGranted += 1
        } catch StoreError.leaseExists {
            summary.leasesKept += 1
        } catch {
            throw StoreMigrationError.target(error)
        }
        return true
    }

    /// Seconds lease `id` has left in `store`, 0 or less when it does not exist.
    private static func remainingTTL(_ id: LeaseID, in store: any KeyValueStore) async throws -> Int64 {
        do {
            return try await store.leaseTimeToLive(id, keys: false).ttl
        } catch StoreError.leaseNotFound {
            return -1
        }
    }
}
