/// Polls `condition` every 100 ms until it holds (true) or `seconds` pass (false): for tests
/// waiting on what a server's controllers do in the background.
public func eventually(within seconds: Int = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return false
}
