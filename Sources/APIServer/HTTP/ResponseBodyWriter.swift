/// Where a streamed response body goes: each write reaches the client as it is made.
public protocol ResponseBodyWriter: Sendable {
    /// Sends bytes to the client and flushes them.
    ///
    /// - Throws: When the client has gone away.
    func write(_ bytes: [UInt8]) async throws
    /// Calls `handler` once when the client's connection closes (at once if it already has), so a
    /// stream waiting for data can stop.
    func onClientGone(_ handler: @escaping @Sendable () -> Void)
}
