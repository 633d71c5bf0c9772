public import Foundation

/// A child process a test started, with its output captured to a file, stopped by its PID.
public final class ManagedProcess: @unchecked Sendable {
    // Safe: `process` is configured before `run()` and afterwards only read through Process's own
    // thread-safe accessors; `logFile` is immutable.
    private let process = Process()
    /// Where stdout and stderr go.
    public let logFile: URL

    /// Starts `executable` with `arguments`, sending its output to `logFile`.
    public init(executable: URL, arguments: [String], logFile: URL, environment: [String: String]? = nil) throws {
        self.logFile = logFile
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        if let environment { process.environment = environment }
        try process.run()
    }

    /// The process ID.
    public var pid: Int32 { process.processIdentifier }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// What the process printed so far.
    public var output: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits until `port` on 127.0.0.1 accepts connections.
    public func waitForPort(_ port: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if FreePort.isListening(port) { return }
            guard process.isRunning else { throw ProcessError.exited(output) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessError.timedOut(output)
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Sends SIGTERM (or `signal`) and waits for the process to exit; SIGKILL after `grace`.
    /// - Returns: the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32 {
        send(signal)
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Why a managed process could not be used.
    public enum ProcessError: Error, CustomStringConvertible {
        /// It exited early; its output is attached.
        case exited(String)
        /// It did not become ready in time; its output is attached.
        case timedOut(String)

        public var description: String {
            switch self {
            case .exited(let output): "process exited early:\n\(output)"
            case .timedOut(let output): "process did not become ready:\n\(output)"
            }
        }
    }
}
