import ServiceLifecycle

/// Runs `round` every `interval` until graceful shutdown (or cancellation), passing each round
/// what the previous one returned; does nothing when the interval is zero. The first round runs at
/// once, or after one interval when `waitFirst` is set. A round that fails with anything but
/// cancellation is reported to `failed` and the next round gets the state it was given.
func runRounds<State: Sendable>(
    every interval: Duration, waitFirst: Bool, initial: State, failed: @escaping @Sendable (any Error) -> Void,
    _ round: @escaping @Sendable (State) async throws -> State
) async {
    guard interval > .zero else { return }
    try? await cancelWhenGracefulShutdown {
        var state = initial
        if waitFirst { try await Task.sleep(for: interval) }
        while true {
            do {
                state = try await round(state)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failed(error)
            }
            try await Task.sleep(for: interval)
        }
    }
}
