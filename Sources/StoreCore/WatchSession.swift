/// A stream of watchers sharing one ordered response channel, the shape of etcd's Watch RPC.
///
/// Responses for one watcher arrive in revision order with no gap and no duplicate. Creating a
/// watcher answers with a `created` response (or a `canceled` one carrying the compact revision
/// when the start revision is gone) before any of its events.
public protocol WatchSession: Sendable {
    /// Every response of the session, in the order produced, in batches of what is queued.
    /// Ends after ``close()``.
    var responses: WatchResponseQueue { get }
    /// Creates a watcher; the answer arrives on ``responses``.
    func create(_ request: WatchCreateRequest)
    /// Cancels a watcher; a `canceled` response follows if it existed.
    func cancel(_ watchID: WatchID)
    /// Answers a create request the caller refused (e.g. for lack of permission) with a
    /// created-and-cancelled response carrying `reason`, registering nothing.
    func deny(_ request: WatchCreateRequest, reason: String)
    /// Asks for a progress response (watch ID -1) with the store's current revision.
    func requestProgress()
    /// Cancels every watcher and ends ``responses``.
    func close()
}
