extension ThrowingTaskGroup where Failure == any Error {
    /// Collects the results of `count` child tasks that each return a value, giving them at most
    /// `drainTimeout` from now: then the ones still running are cancelled (a load generator's
    /// watchers report what they received by then) and their results collected too.
    ///
    /// The group's children return `nil` only for the deadline this adds.
    ///
    /// - Parameters:
    ///   - count: How many values to wait for.
    ///   - drainTimeout: How long to wait for them.
    /// - Returns: The values, in completion order.
    public mutating func collectUntilDrained<Value>(_ count: Int, drainTimeout: Duration) async throws -> [Value]
    where ChildTaskResult == Value? {
        self.addTask {
            // The drain deadline: its nil result cancels the children still waiting.
            try? await Task.sleep(for: drainTimeout)
            return nil
        }
        var values: [Value] = []
        while let next = try await self.next() {
            guard let value = next else {
                self.cancelAll()
                continue
            }
            values.append(value)
            if values.count == count { self.cancelAll() }
        }
        return values
    }
}
