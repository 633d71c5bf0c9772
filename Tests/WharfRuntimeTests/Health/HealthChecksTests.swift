import Synchronization
import Testing
import WharfRuntime

@Suite struct HealthChecksTests {
    @Test func anEmptyRegistryIsHealthy() async {
        let checks = HealthChecks()
        for probe in HealthProbe.allCases {
            let report = await checks.evaluate(probe)
            #expect(report.isHealthy)
            #expect(report.results.isEmpty)
        }
    }

    @Test func livenessAndReadinessAreSeparate() async {
        let checks = HealthChecks()
        checks.register("loop", probes: [.liveness]) { true }
        let storage = checks.registerFlag("storage")
        checks.register("both", probes: [.liveness, .readiness]) { true }

        #expect(checks.names(for: .liveness) == ["loop", "both"])
        #expect(checks.names(for: .readiness) == ["storage", "both"])
        #expect(await checks.evaluate(.liveness).isHealthy)
        let readiness = await checks.evaluate(.readiness)
        #expect(!readiness.isHealthy)
        #expect(readiness.failedChecks == ["storage"])

        storage.isHealthy = true
        #expect(await checks.evaluate(.readiness).isHealthy)
    }

    @Test func reRegisteringReplacesInPlaceAndUnregisterRemoves() async {
        let checks = HealthChecks()
        checks.register("a") { true }
        checks.register("b") { true }
        checks.register("a") { false }
        #expect(checks.names(for: .readiness) == ["a", "b"])
        #expect(await checks.evaluate(.readiness).failedChecks == ["a"])
        #expect(await checks.evaluate(.readiness, name: "a") == false)
        #expect(await checks.evaluate(.readiness, name: "missing") == nil)

        checks.unregister("a")
        checks.unregister("never-registered")
        #expect(checks.names(for: .readiness) == ["b"])
        #expect(await checks.evaluate(.readiness).isHealthy)
    }

    @Test func excludedChecksAreNotRun() async {
        let checks = HealthChecks()
        checks.register("explodes") {
            Issue.record("an excluded check ran")
            return false
        }
        let report = await checks.evaluate(.readiness, excluding: ["explodes", "ghost"])
        #expect(report.isHealthy)
        #expect(report.results == [HealthCheckResult(name: "explodes", passed: true, excluded: true)])
        #expect(report.unmatchedExclusions == ["ghost"])
    }

    @Test func checksRunConcurrently() async {
        let checks = HealthChecks()
        let started = Atomic<Int>(0)
        // Each check passes only if it sees the other one start, which happens only if they overlap.
        for name in ["first", "second"] {
            checks.register(name) {
                started.add(1, ordering: .relaxed)
                for _ in 0..<500 where started.load(ordering: .relaxed) < 2 {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return started.load(ordering: .relaxed) == 2
            }
        }
        #expect(await checks.evaluate(.readiness).isHealthy)
    }

    @Test func kubernetesBodyFormats() {
        let healthy = HealthReport(probe: .liveness, results: [HealthCheckResult(name: "ping", passed: true)])
        #expect(healthy.kubernetesBody(endpoint: "livez", verbose: false) == "ok")
        #expect(healthy.kubernetesBody(endpoint: "livez", verbose: true) == "[+]ping ok\nlivez check passed\n")

        let failing = HealthReport(
            probe: .readiness,
            results: [HealthCheckResult(name: "ping", passed: true), HealthCheckResult(name: "etcd", passed: false)]
        )
        let expected = "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n"
        #expect(failing.kubernetesBody(endpoint: "readyz", verbose: false) == expected)
        #expect(failing.kubernetesBody(endpoint: "readyz", verbose: true) == expected)
        #expect(failing.etcdHealthJSON == #"{"health":"false","reason":"failed checks: etcd"}"#)
    }
}
