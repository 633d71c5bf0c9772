/// The outcome of one named health check within a ``HealthReport``.
public struct HealthCheckResult: Sendable, Hashable {
    /// The name the check was registered under.
    public var name: String
    /// Whether the check passed; `true` for an excluded check, which was not run.
    public var passed: Bool
    /// Whether the request excluded the check (`?exclude=name`), so it was not run.
    public var excluded: Bool

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - name: The check's name.
    ///   - passed: Whether it passed.
    ///   - excluded: Whether it was excluded and not run. Defaults to `false`.
    public init(name: String, passed: Bool, excluded: Bool = false) {
        self.name = name
        self.passed = passed
        self.excluded = excluded
    }
}
