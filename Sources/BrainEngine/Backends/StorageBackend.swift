import StoreCore

/// Where brain's state survives restarts: an ordered, durable log of ``LogRecord`` groups plus
/// snapshots that bound how much log recovery replays.
///
/// Records are appended in the order the store commits them and each group is identified by a
/// ticket (increasing from 1). A group is durable once ``waitUntilDurable(_:)`` returns for its
/// ticket; a later ticket being durable implies every earlier one is.
protocol StorageBackend: Sendable {
    /// Reads back the newest snapshot and every durable record group after it.
    func recover() throws(StoreError) -> BackendRecovery
    /// Queues a group of records; cheap and non-blocking, called under the store's lock.
    func append(_ records: [LogRecord]) -> UInt64
    /// Returns once the group with `ticket` (and all before it) is durable.
    func waitUntilDurable(_ ticket: UInt64) async throws(StoreError)
    /// The newest durable ticket.
    var durableTicket: UInt64 { get }
    /// Marks a snapshot point: later groups go to a fresh log segment. Returns the last ticket
    /// the snapshot must cover. Called under the store's lock.
    func beginSnapshot() -> UInt64
    /// Persists `image` (covering every group up to its ticket) and drops older log segments and
    /// snapshots.
    func writeSnapshot(_ image: StateImage) async throws(StoreError)
    /// Bytes on disk (snapshots plus log).
    var sizeInBytes: Int64 { get }
    /// Flushes what is queued and stops.
    func close() async
}

/// What a backend holds at start-up.
struct BackendRecovery: Sendable {
    /// The newest snapshot, if any.
    var image: StateImage?
    /// Record groups after the snapshot, in ticket order.
    var groups: [[LogRecord]]
    /// The newest ticket recovered.
    var lastTicket: UInt64
}

/// A frozen copy of the store's state: cheap to take (copy-on-write) and written off the lock.
struct StateImage: Sendable {
    /// The newest log ticket the image includes.
    var ticket: UInt64
    var state: MVCCState
    var auth = AuthState()
    var alarms: Set<Alarm> = []
}
