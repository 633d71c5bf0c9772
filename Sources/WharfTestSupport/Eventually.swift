/// Polls `condition` until it holds or `limit` passes: for effects that servers apply
/// asynchronously (controllers, caches following the store).
/// - Parameters:
///   - limit: How long to keep trying.
///   - interval: The pause between tries.
///   - condition: The check; its errors end the wait.
/// - Returns: Whether the condition held in time.
public func eventually(
    within limit: Duration = .seconds(20), every interval: Duration = .milliseconds(100), _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return false
}
