import Foundation
import Testing
import WharfTestSupport

/// The `wharf` binary as a user meets it: help, `wharf up`, graceful shutdown.
@Suite(.serialized) struct WharfCommandTests {
    @Test func helpListsTheSubcommands() throws {
        let help = try CommandResult.run(WharfBinary.url.path, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("up "))
        #expect(help.stdout.contains("brain "))
        #expect(help.stdout.contains("apiserver "))
        #expect(help.stdout.contains("certs "))
        let brainHelp = try CommandResult.run(WharfBinary.url.path, ["brain", "--help"])
        for flag in ["--data-dir", "--listen-client-urls", "--advertise-client-urls", "--quota-backend-bytes",
                     "--auto-compaction-mode", "--auto-compaction-retention", "--max-request-bytes",
                     "--cert-file", "--key-file", "--trusted-ca-file", "--client-cert-auth"] {
            #expect(brainHelp.stdout.contains(flag), "missing \(flag)")
        }
    }

    @Test func apiserverTakesKubeAPIServersFlagNames() throws {
        let help = try CommandResult.run(WharfBinary.url.path, ["apiserver", "--help"])
        #expect(help.status == 0)
        for flag in ["--etcd-servers", "--etcd-prefix", "--bind-address", "--secure-port", "--tls-cert-file",
                     "--tls-private-key-file", "--client-ca-file", "--token-auth-file", "--service-cluster-ip-range",
                     "--service-node-port-range", "--event-ttl", "--etcd-compaction-interval", "--insecure-plain-http",
                     "--controllers", "--enable-admission-plugins", "--disable-admission-plugins", "--root-ca-file"] {
            #expect(help.stdout.contains(flag), "missing \(flag)")
        }
        let plainOnAllInterfaces = try CommandResult.run(
            WharfBinary.url.path, ["apiserver", "--insecure-plain-http", "--bind-address", "0.0.0.0"])
        #expect(plainOnAllInterfaces.status != 0)
        #expect(plainOnAllInterfaces.stderr.contains("--insecure-plain-http is only allowed on a loopback --bind-address"))
        let unknownController = try CommandResult.run(
            WharfBinary.url.path, ["apiserver", "--insecure-plain-http", "--controllers", "*,-deployment-controller"])
        #expect(unknownController.status != 0)
        #expect(unknownController.stderr.contains("--controllers: unknown controller \"deployment-controller\""), "\(unknownController.stderr)")
        let unknownPlugin = try CommandResult.run(
            WharfBinary.url.path, ["apiserver", "--insecure-plain-http", "--enable-admission-plugins", "NamespaceLifecycle,PodPreset"])
        #expect(unknownPlugin.status != 0)
        #expect(unknownPlugin.stderr.contains("enable-admission-plugins plugin \"PodPreset\" is unknown"), "\(unknownPlugin.stderr)")
        let overlapping = try CommandResult.run(
            WharfBinary.url.path, ["up", "--enable-admission-plugins", "ServiceAccount", "--disable-admission-plugins", "ServiceAccount"])
        #expect(overlapping.status != 0)
        #expect(overlapping.stderr.contains("[ServiceAccount] in enable-admission-plugins and disable-admission-plugins overlapped"), "\(overlapping.stderr)")
        let noCertificate = try CommandResult.run(WharfBinary.url.path, ["apiserver"])
        #expect(noCertificate.stderr.contains("HTTPS needs --tls-cert-file and --tls-private-key-file"))
    }

    @Test func badFlagsGetAClearError() throws {
        let result = try CommandResult.run(
            WharfBinary.url.path, ["brain", "--auto-compaction-mode", "sometimes", "--data-dir", "/nonexistent/x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--auto-compaction-mode must be periodic or revision"))
    }

    @Test func upServesBrainAndStopsOnSigterm() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-up")
        defer { directory.remove() }
        let etcdPort = try FreePort.next()
        let metricsPort = try FreePort.next()
        let up = try ManagedProcess(
            executable: WharfBinary.url,
            arguments: [
                "up", "--data-dir", directory.path("data").path, "--etcd-port", "\(etcdPort)",
                "--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)",
            ],
            logFile: directory.path("up.log"))
        try await up.waitForPort(etcdPort)
        try await up.waitForPort(metricsPort)
        #expect(up.output.contains("Wharf is up."))
        #expect(up.output.contains("etcdctl --endpoints=http://127.0.0.1:\(etcdPort)"))
        let etcdctl = Etcdctl(endpoint: "http://127.0.0.1:\(etcdPort)")
        #expect(try etcdctl.run("put", "hello", "world").stdout == "OK\n")
        let metrics = try CommandResult.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(metricsPort)/metrics"])
        #expect(metrics.stdout.contains("etcd_server_has_leader 1"))
        #expect(metrics.stdout.contains("grpc_server_handled_total{"))
        let ready = try CommandResult.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(metricsPort)/readyz"])
        #expect(ready.stdout == "ok")
        #expect(await up.stop(signal: SIGTERM) == 0)
        #expect(up.output.contains("Wharf stopped."))
        #expect(FileManager.default.fileExists(atPath: directory.path("data/brain/identity.json").path))
    }
}
