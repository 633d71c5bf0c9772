import Foundation
import Testing
import WharfTestSupport

/// Wharf driven by Python clients from PyPI: the `etcd3` suite in `python/` against a brain, the
/// `kubernetes` suite in `python-kubernetes/` and the kubernetes_asyncio, lightkube, kr8s and kopf
/// suite in `python-clients/` against `wharf up`; all run in the repository's `.venv` (made by
/// `scripts/setup-python.sh`) against servers these tests start.
@Suite(.serialized) struct PythonClientTests {
    static let python = PackageRoot.url.appendingPathComponent(".venv/bin/python")
    static let tests = PackageRoot.url.appendingPathComponent("Tests/WharfIntegrationTests/python")
    static let kubernetesTests = PackageRoot.url.appendingPathComponent("Tests/WharfIntegrationTests/python-kubernetes")
    static let clientTests = PackageRoot.url.appendingPathComponent("Tests/WharfIntegrationTests/python-clients")

    /// Runs pytest on `directory` with `environment` added; returns the result.
    private func pytest(_ directory: URL, _ variables: [String: String]) async throws -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(variables) { _, new in new }
        // Keep the checkout clean: no __pycache__ and no .pytest_cache beside the tests.
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        return try await CommandResult.runDetached(
            Self.python.path, ["-m", "pytest", "-q", "-p", "no:cacheprovider", directory.path], environment: environment)
    }

    /// Runs the pytest suite in `directory` against a `wharf up` of its own, with the environment
    /// `variables` builds from the kubeconfig path, and checks that it passed and the server stopped cleanly.
    private func expectSuitePassesAgainstWharfUp(_ directory: URL, variables: (String) -> [String: String]) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.python.path),
            "no Python environment at \(Self.python.path): run scripts/setup-python.sh first")
        let temporary = try TemporaryDirectory(prefix: "wharf-\(directory.lastPathComponent)")
        defer { temporary.remove() }
        // The suites count and watch the config maps of their namespaces exactly (paging, revisions,
        // deletecollection), so the root CA publisher, which writes one into each and restores it
        // (ServiceAccountTests covers it), stays off here.
        let up = try await WharfUpProcess.start(
            dataDirectory: temporary.url, extraArguments: ["--controllers=*,-root-ca-certificate-publisher-controller"]
        )
        let result: CommandResult
        do {
            result = try await self.pytest(directory, variables(up.kubeconfig.path))
        } catch {
            await up.stop()
            throw error
        }
        let status = await up.stop()
        #expect(result.status == 0, "pytest exited \(result.status)\n\(result.stdout)\(result.stderr)\nwharf up log:\n\(up.process.output)")
        #expect(result.stdout.contains(" passed"), "\(result.stdout)")
        #expect(status == 0, "wharf up did not shut down cleanly:\n\(up.process.output)")
    }

    @Test func kubernetesClientSuitePasses() async throws {
        try await self.expectSuitePassesAgainstWharfUp(Self.kubernetesTests) { ["WHARF_KUBECONFIG": $0] }
    }

    /// kubernetes_asyncio, lightkube, kr8s and a kopf operator; kopf reads `KUBECONFIG` as a deployed
    /// operator would.
    @Test func otherKubernetesClientsSuitePasses() async throws {
        try await self.expectSuitePassesAgainstWharfUp(Self.clientTests) { ["WHARF_KUBECONFIG": $0, "KUBECONFIG": $0] }
    }

    @Test func etcd3ClientSuitePasses() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.python.path),
            "no Python environment at \(Self.python.path): run scripts/setup-python.sh first")
        let directory = try TemporaryDirectory(prefix: "wharf-python")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.url)
        let result: CommandResult
        do {
            result = try await self.pytest(Self.tests, ["WHARF_ETCD_ENDPOINT": brain.endpoint])
        } catch {
            await brain.stop()
            throw error
        }
        let running = brain.process.isRunning
        let status = await brain.stop()
        #expect(
            result.status == 0,
            "pytest exited \(result.status)\n\(result.stdout)\(result.stderr)\nbrain log:\n\(brain.process.output)")
        #expect(result.stdout.contains(" passed"), "\(result.stdout)")
        #expect(running && status == 0, "brain did not survive the client suite:\n\(brain.process.output)")
    }
}
