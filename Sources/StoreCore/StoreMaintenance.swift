public import Foundation

/// The operator's side of a store: status, alarms, defragmentation and integrity hashes, as
/// etcd's Maintenance service exposes them.
public protocol StoreMaintenance: Sendable {
    /// The store's vital numbers.
    func status() async throws -> StoreStatus
    /// Raises an alarm.
    func activate(_ alarm: Alarm) async throws
    /// Disarms an alarm.
    func deactivate(_ alarm: Alarm) async throws
    /// Reclaims the space of compacted history.
    func defragment() async throws
    /// A checksum of the history up to `revision` (0 for the newest), with the store's current
    /// revision and its compact revision; etcd's `HashKV` value when the store can compute it.
    func hashKV(revision: Revision) async throws -> (hash: UInt32, revision: Revision, compactRevision: Revision)
    /// Writes the store's content to `url` as an etcd snapshot file (a bbolt database followed
    /// by its SHA-256), streamed rather than built in memory; returns the revision it was taken at.
    func writeEtcdSnapshot(to url: URL) async throws -> Revision
}
