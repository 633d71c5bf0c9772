public import Foundation

/// A PostgreSQL server started by a test: its own cluster (`initdb`) in a temporary directory,
/// listening on a free loopback port with its unix socket inside that directory, stopped by PID.
///
/// `initdb` refuses to run as root, so when the tests run as root every server binary runs as
/// the `postgres` system user (`runuser -u postgres -- …`) and the directory is handed to it; as
/// an ordinary user the binaries run directly.
///
/// ```swift
/// let postgres = try await PostgresProcess.start()
/// defer { Task { await postgres.stop() } }
/// let url = postgres.url   // postgres://wharf@127.0.0.1:PORT/wharf
/// ```
public final class PostgresProcess: Sendable {
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// The database the harness created.
    public let database: String
    /// The superuser `initdb` created (trust authentication on loopback).
    public let user: String
    /// The temporary directory holding the cluster, the socket and the log.
    public let directory: URL
    /// The postmaster, as started (possibly through `runuser`).
    public let process: ManagedProcess
    private let binDirectory: URL

    /// The connection URL for `wharf brain --backend`.
    public var url: String { "postgres://\(user)@127.0.0.1:\(port)/\(database)" }

    /// The cluster's data directory.
    public var dataDirectory: URL { directory.appendingPathComponent("data") }

    /// Where the server creates its unix socket.
    public var socketDirectory: URL { directory.appendingPathComponent("socket") }

    /// Directories searched for the server binaries after `$PATH`: Debian's `postgresql-15`
    /// installs them outside it.
    static let fallbackBinDirectories = ["/usr/lib/postgresql/15/bin", "/usr/local/bin"]

    /// The directory holding `initdb`, `pg_ctl` and `postgres`, or nil when none is installed.
    public static var binDirectory: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for entry in path.split(separator: ":").map(String.init) + fallbackBinDirectories {
            let initdb = URL(fileURLWithPath: entry).appendingPathComponent("initdb")
            guard FileManager.default.isExecutableFile(atPath: initdb.path) else { continue }
            // /usr/local/bin may hold symlinks; the helpers (createdb, pg_isready) sit beside the target.
            return initdb.resolvingSymlinksInPath().deletingLastPathComponent()
        }
        return nil
    }

    /// Whether server binaries must run as the `postgres` system user.
    static var runsAsPostgresUser: Bool { geteuid() == 0 }

    /// Creates a cluster, starts it and creates a database.
    /// - Parameters:
    ///   - database: the database to create.
    ///   - settings: extra server settings (`-c name=value`); the defaults trade crash safety of
    ///     the test cluster (`fsync=off`) for speed, which a throwaway cluster can afford.
    public static func start(
        database: String = "wharf", settings: [String: String] = [:]
    ) async throws -> PostgresProcess {
        guard let bin = binDirectory else { throw PostgresProcessError.notInstalled }
        let temporary = try TemporaryDirectory(prefix: "wharf-pg")
        let directory = temporary.url
        let user = "wharf"
        do {
            let data = directory.appendingPathComponent("data")
            let socket = directory.appendingPathComponent("socket")
            try FileManager.default.createDirectory(at: socket, withIntermediateDirectories: true)
            if runsAsPostgresUser {
                try checked(try await CommandResult.runDetached("/bin/chown", ["-R", "postgres:postgres", directory.path]))
            }
            try checked(
                try await runServerTool(
                    bin, "initdb",
                    ["-D", data.path, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]))
            let server = try launch(
                bin: bin, directory: directory, port: try FreePort.next(), database: database, user: user, settings: settings,
                log: "postgres.log")
            do {
                try await server.waitUntilReady()
                try checked(
                    try await runServerTool(
                        bin, "createdb", ["-h", "127.0.0.1", "-p", "\(server.port)", "-U", user, database]))
            } catch {
                await server.stop()
                throw error
            }
            return server
        } catch {
            temporary.remove()
            throw error
        }
    }

    /// Starts the postmaster on an existing cluster; it is not ready yet.
    private static func launch(
        bin: URL, directory: URL, port: Int, database: String, user: String, settings: [String: String], log: String
    ) throws -> PostgresProcess {
        var all = ["fsync": "off", "full_page_writes": "off", "max_connections": "200"]
        all.merge(settings) { _, new in new }
        var arguments = [
            "-D", directory.appendingPathComponent("data").path, "-p", "\(port)",
            "-k", directory.appendingPathComponent("socket").path, "-c", "listen_addresses=127.0.0.1",
        ]
        for (name, value) in all.sorted(by: { $0.key < $1.key }) { arguments += ["-c", "\(name)=\(value)"] }
        let process = try ManagedProcess(
            executable: launcher(for: bin.appendingPathComponent("postgres")),
            arguments: launcherArguments(for: bin.appendingPathComponent("postgres"), arguments),
            logFile: directory.appendingPathComponent(log)
        )
        return PostgresProcess(port: port, database: database, user: user, directory: directory, process: process, binDirectory: bin)
    }

    /// Starts the server again on this one's data directory and port, once this one stopped
    /// (``stop(keepFiles:)`` with `keepFiles`, or ``kill9()``); the new instance owns the files.
    public func restart(settings: [String: String] = [:]) async throws -> PostgresProcess {
        let server = try Self.launch(
            bin: binDirectory, directory: directory, port: port, database: database, user: user, settings: settings,
            log: "postgres-restarted.log")
        do {
            try await server.waitUntilReady()
        } catch {
            await server.stop(keepFiles: true)
            throw error
        }
        return server
    }

    private init(port: Int, database: String, user: String, directory: URL, process: ManagedProcess, binDirectory: URL) {
        self.port = port
        self.database = database
        self.user = user
        self.directory = directory
        self.process = process
        self.binDirectory = binDirectory
    }

    /// Waits until the server accepts connections (`pg_isready`), up to `timeout`.
    public func waitUntilReady(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw PostgresProcessError.failed("postgres exited:\n\(process.output)") }
            let ready = try await Self.runServerTool(
                binDirectory, "pg_isready", ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", "postgres"])
            if ready.status == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PostgresProcessError.failed("postgres did not accept connections:\n\(process.output)")
    }

    /// Creates another database on this server (one per test keeps tests apart).
    public func createDatabase(_ name: String) async throws {
        try Self.checked(
            try await Self.runServerTool(binDirectory, "createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, name]))
    }

    /// The connection URL of database `name` on this server.
    public func url(database name: String) -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(name)"
    }

    /// The postmaster's PID, from the first line of `postmaster.pid` (the started process may be
    /// `runuser`, which is not the server itself).
    public var postmasterPID: Int32? {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return nil }
        return Int32(line.trimmingCharacters(in: .whitespaces))
    }

    /// Stops the server (SIGINT to the postmaster: PostgreSQL's fast shutdown), waits for it and
    /// removes its directory unless `keepFiles`.
    public func stop(keepFiles: Bool = false) async {
        if let pid = postmasterPID { kill(pid, SIGINT) }
        await process.stop(signal: SIGINT, grace: .seconds(15))
        if !keepFiles { try? FileManager.default.removeItem(at: directory) }
    }

    /// Kills the postmaster outright (SIGKILL), leaving its files: a crash, for recovery tests.
    public func kill9() async {
        if let pid = postmasterPID { kill(pid, SIGKILL) }
        await process.stop(signal: SIGKILL, grace: .seconds(5))
    }

    // MARK: Running the server's tools

    private static func launcher(for binary: URL) -> URL {
        runsAsPostgresUser ? URL(fileURLWithPath: "/usr/sbin/runuser") : binary
    }

    private static func launcherArguments(for binary: URL, _ arguments: [String]) -> [String] {
        runsAsPostgresUser ? ["-u", "postgres", "--", binary.path] + arguments : arguments
    }

    private static func runServerTool(_ bin: URL, _ tool: String, _ arguments: [String]) async throws -> CommandResult {
        let binary = bin.appendingPathComponent(tool)
        return try await CommandResult.runDetached(
            launcher(for: binary).path, launcherArguments(for: binary, arguments),
            environment: ["PATH": "\(bin.path):/usr/sbin:/usr/bin:/bin", "LC_ALL": "C"])
    }

    private static func checked(_ result: CommandResult) throws {
        guard result.status == 0 else {
            throw PostgresProcessError.failed("exit \(result.status): \(result.stderr)\(result.stdout)")
        }
    }
}

/// Why the PostgreSQL harness could not start a server.
public enum PostgresProcessError: Error, CustomStringConvertible {
    /// No `initdb` on `$PATH` or in Debian's `/usr/lib/postgresql/15/bin`.
    case notInstalled
    /// A tool failed or the server did not come up; the output is attached.
    case failed(String)

    public var description: String {
        switch self {
        case .notInstalled: "PostgreSQL server binaries (initdb, postgres) not found"
        case .failed(let output): output
        }
    }
}
