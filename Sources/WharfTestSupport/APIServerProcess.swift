public import Foundation

/// A `wharf apiserver` started by a test on a free loopback port over the etcd endpoint the test
/// names: either plain HTTP (the explicit loopback-only option) with a static token file, or HTTPS
/// with certificates from `wharf certs`, whose kubeconfig kubectl uses (kubectl sends no bearer
/// token over plain HTTP).
public final class APIServerProcess: Sendable {
    /// The API port.
    public let port: Int
    /// The bearer token of the test's admin user.
    public let token: String
    /// The bearer tokens of the extra users the test asked for, by user name.
    public let tokens: [String: String]
    /// The running process.
    public let process: ManagedProcess
    /// The kubeconfig for kubectl (token auth, plain HTTP).
    public let kubeconfig: URL

    /// Whether the server serves HTTPS.
    public let tls: Bool

    /// The API server URL.
    public var url: String { "\(self.tls ? "https" : "http")://127.0.0.1:\(self.port)" }

    /// Starts the API server on `etcdEndpoint` and waits until it has bootstrapped the cluster.
    ///
    /// - Parameter users: Extra token-file users (name → groups) besides the `system:masters` admin.
    public static func start(
        etcdEndpoint: String, directory: URL, tls: Bool = false, users: [String: [String]] = [:], extraArguments: [String] = []
    ) async throws -> APIServerProcess {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try FreePort.next()
        let token = UUID().uuidString
        let tokens = users.mapValues { _ in UUID().uuidString }
        let tokenFile = directory.appendingPathComponent("tokens.csv")
        let userLines = users.sorted { $0.key < $1.key }.map { name, groups in
            "\(tokens[name] ?? ""),\(name),\(name)-uid,\"\(groups.joined(separator: ","))\"\n"
        }
        try Data((["\(token),admin,1,\"system:masters\"\n"] + userLines).joined().utf8).write(to: tokenFile)
        var kubeconfig = directory.appendingPathComponent("kubeconfig-\(port)")
        var serving = ["--insecure-plain-http"]
        if tls {
            let pki = directory.appendingPathComponent("pki")
            let made = try await CommandResult.runDetached(WharfBinary.url.path, ["certs", "--dir", pki.path, "--server", "https://127.0.0.1:\(port)"])
            guard made.status == 0 else { throw ManagedProcess.ProcessError.exited(made.stderr) }
            kubeconfig = pki.appendingPathComponent("kubeconfig")
            serving = [
                "--tls-cert-file", pki.appendingPathComponent("apiserver.crt").path,
                "--tls-private-key-file", pki.appendingPathComponent("apiserver.key").path,
                "--client-ca-file", pki.appendingPathComponent("ca.crt").path,
            ]
        }
        let config = """
            {"apiVersion":"v1","kind":"Config","current-context":"test",
             "clusters":[{"name":"test","cluster":{"server":"http://127.0.0.1:\(port)"}}],
             "users":[{"name":"admin","user":{"token":"\(token)"}}],
             "contexts":[{"name":"test","context":{"cluster":"test","user":"admin","namespace":"default"}}]}
            """
        if !tls {
            try Data(config.utf8).write(to: kubeconfig)
        }
        let process = try ManagedProcess(
            executable: WharfBinary.url,
            arguments: [
                "apiserver", "--etcd-servers", etcdEndpoint, "--secure-port", String(port), "--token-auth-file", tokenFile.path,
            ] + serving + extraArguments,
            logFile: directory.appendingPathComponent("apiserver-\(port).log")
        )
        let server = APIServerProcess(port: port, token: token, tokens: tokens, tls: tls, process: process, kubeconfig: kubeconfig)
        do {
            try await process.waitForPort(port)
            try await server.waitUntilBootstrapped()
        } catch {
            await process.stop(signal: SIGKILL)
            throw error
        }
        return server
    }

    private init(port: Int, token: String, tokens: [String: String], tls: Bool, process: ManagedProcess, kubeconfig: URL) {
        self.port = port
        self.token = token
        self.tokens = tokens
        self.tls = tls
        self.process = process
        self.kubeconfig = kubeconfig
    }

    private func waitUntilBootstrapped() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let result = try await self.curl(["\(self.url)/api/v1/namespaces/default", "-o", "/dev/null", "-w", "%{http_code}"])
            if result.stdout == "200" { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ManagedProcess.ProcessError.timedOut(self.process.output)
    }

    /// Writes a kubeconfig beside the admin's that signs in as `user` with its token (kubectl sends
    /// tokens only over HTTPS, so start the server with `tls`).
    public func kubeconfig(for user: String) throws -> URL {
        let file = self.kubeconfig.deletingLastPathComponent().appendingPathComponent("kubeconfig-\(user)")
        let authority = self.tls ? #","certificate-authority":"\#(self.caFile.path)""# : ""
        let config = """
            {"apiVersion":"v1","kind":"Config","current-context":"test",
             "clusters":[{"name":"test","cluster":{"server":"\(self.url)"\(authority)}}],
             "users":[{"name":"\(user)","user":{"token":"\(self.tokens[user] ?? "")"}}],
             "contexts":[{"name":"test","context":{"cluster":"test","user":"\(user)","namespace":"default"}}]}
            """
        try Data(config.utf8).write(to: file)
        return file
    }

    /// The CA certificate `wharf certs` made (HTTPS servers only): `--client-ca-file`, and the
    /// server's default `--root-ca-file`.
    public var caFile: URL { self.kubeconfig.deletingLastPathComponent().appendingPathComponent("ca.crt") }

    /// Runs curl with the admin token (unless `anonymous`, or another `token` is given).
    public func curl(_ arguments: [String], anonymous: Bool = false, token: String? = nil, input: String? = nil) async throws
        -> CommandResult
    {
        let auth = anonymous ? [] : ["-H", "Authorization: Bearer \(token ?? self.token)"]
        let trust = self.tls ? ["--cacert", self.caFile.path] : []
        return try await CommandResult.runDetached("/usr/bin/curl", ["-sS"] + trust + auth + arguments, input: input)
    }

    /// Stops the API server gracefully and returns its exit status.
    @discardableResult
    public func stop() async -> Int32 {
        await self.process.stop()
    }
}
