import Synchronization

/// The named liveness and readiness checks of one process, served by ``ObservabilityServer`` on
/// `/livez`, `/readyz`, `/healthz` and `/health`.
///
/// Each part of a server registers its own checks: a closure that answers when asked, or a
/// ``HealthFlag`` that the part sets as its state changes. Registration is safe from any task;
/// a registration under an existing name for the same probe replaces the old check in place.
///
/// Checks run concurrently on each request and should return quickly; a check that blocks holds up
/// the probe response.
///
/// ## Registering checks
///
/// ```swift
/// let checks = HealthChecks()
/// checks.register("event-loop", probes: [.liveness]) { true }
/// checks.register("storage") { await engine.isOpen }
/// let leader = checks.registerFlag("leases", isHealthy: false)
/// leader.isHealthy = true
/// ```
public final class HealthChecks: Sendable {
    private struct Registration: Sendable {
        var name: String
        var check: @Sendable () async -> Bool
    }

    private let registrations: Mutex<[HealthProbe: [Registration]]>

    /// Creates an empty registry; with no checks, every probe is healthy.
    public init() {
        self.registrations = Mutex([:])
    }

    /// Registers a check that runs on every probe request.
    ///
    /// - Parameters:
    ///   - name: The name shown in probe output (`[-]storage failed`). Use lowercase words joined by `-`.
    ///   - probes: The probes the check belongs to. Defaults to readiness only.
    ///   - check: Returns whether the checked thing is healthy.
    public func register(
        _ name: String,
        probes: Set<HealthProbe> = [.readiness],
        check: @escaping @Sendable () async -> Bool
    ) {
        let registration = Registration(name: name, check: check)
        self.registrations.withLock { registrations in
            for probe in HealthProbe.allCases where probes.contains(probe) {
                var list = registrations[probe, default: []]
                if let index = list.firstIndex(where: { $0.name == name }) {
                    list[index] = registration
                } else {
                    list.append(registration)
                }
                registrations[probe] = list
            }
        }
    }

    /// Registers a check whose state is a ``HealthFlag`` that the caller sets.
    ///
    /// - Parameters:
    ///   - name: The name shown in probe output.
    ///   - probes: The probes the check belongs to. Defaults to readiness only.
    ///   - isHealthy: The initial state. Defaults to `false`, so a part is not ready until it says so.
    /// - Returns: The flag to set.
    @discardableResult
    public func registerFlag(
        _ name: String,
        probes: Set<HealthProbe> = [.readiness],
        isHealthy: Bool = false
    ) -> HealthFlag {
        let flag = HealthFlag(isHealthy: isHealthy)
        self.register(name, probes: probes) { flag.isHealthy }
        return flag
    }

    /// Removes the check registered under `name` from `probes`; names not registered are ignored.
    ///
    /// - Parameters:
    ///   - name: The check's name.
    ///   - probes: The probes to remove it from. Defaults to all.
    public func unregister(_ name: String, probes: Set<HealthProbe> = Set(HealthProbe.allCases)) {
        self.registrations.withLock { registrations in
            for probe in probes {
                registrations[probe]?.removeAll { $0.name == name }
            }
        }
    }

    /// The names of the checks registered for `probe`, in registration order.
    ///
    /// - Parameter probe: The probe.
    /// - Returns: The check names.
    public func names(for probe: HealthProbe) -> [String] {
        self.registrations.withLock { $0[probe, default: []].map(\.name) }
    }

    /// Runs every check registered for `probe`, concurrently, except those named in `excluded`.
    ///
    /// - Parameters:
    ///   - probe: The probe to evaluate.
    ///   - excluded: Names of checks to skip, as `?exclude=name` asks. Defaults to none.
    /// - Returns: A report with one result per registered check, in registration order.
    public func evaluate(_ probe: HealthProbe, excluding excluded: Set<String> = []) async -> HealthReport {
        let registrations = self.registrations.withLock { $0[probe, default: []] }
        let outcomes = await withTaskGroup(of: (Int, Bool).self, returning: [Bool?].self) { group in
            for (index, registration) in registrations.enumerated() where !excluded.contains(registration.name) {
                group.addTask { (index, await registration.check()) }
            }
            var outcomes = [Bool?](repeating: nil, count: registrations.count)
            for await (index, passed) in group {
                outcomes[index] = passed
            }
            return outcomes
        }
        let results = zip(registrations, outcomes).map { registration, outcome in
            HealthCheckResult(name: registration.name, passed: outcome ?? true, excluded: outcome == nil)
        }
        let known = Set(registrations.map(\.name))
        return HealthReport(
            probe: probe,
            results: results,
            unmatchedExclusions: excluded.subtracting(known).sorted()
        )
    }

    /// Runs the one check registered for `probe` under `name`, as `/readyz/<name>` asks.
    ///
    /// - Parameters:
    ///   - probe: The probe the check belongs to.
    ///   - name: The check's name.
    /// - Returns: Whether it passed, or `nil` if no such check is registered.
    public func evaluate(_ probe: HealthProbe, name: String) async -> Bool? {
        let registration = self.registrations.withLock { $0[probe, default: []].first { $0.name == name } }
        guard let registration else { return nil }
        return await registration.check()
    }
}
