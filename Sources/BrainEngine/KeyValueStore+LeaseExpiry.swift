public import Logging
public import StoreCore

extension KeyValueStore {
    /// Revokes leases found expired, skipping those already gone (revoked meanwhile, or by
    /// another node sharing the store).
    /// - Parameters:
    ///   - ids: the expired leases.
    ///   - logger: receives a line per expiry and per failure.
    public func revokeExpired(_ ids: [LeaseID], logger: Logger) async {
        for id in ids {
            do {
                _ = try await leaseRevoke(id)
                logger.debug("lease expired", metadata: ["etcd.lease": "\(id)"])
            } catch StoreError.leaseNotFound {
                continue
            } catch {
                logger.warning("cannot revoke expired lease", metadata: ["etcd.lease": "\(id)", "error": "\(error)"])
            }
        }
    }
}
