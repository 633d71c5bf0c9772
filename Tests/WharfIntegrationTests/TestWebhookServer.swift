import Foundation
import WharfTestSupport

/// The HTTPS server of a script in `webhook/` (`admission_webhook.py`: admission webhooks and an
/// audit receiver; `conversion_webhook.py`: a CRD conversion webhook), started on a free loopback
/// port with a certificate from `pki` (`apiserver.crt`/`.key` as `wharf certs` writes them); every
/// request it gets is a JSON line in ``log``.
struct TestWebhookServer {
    /// The admission webhook and audit receiver.
    static let admission = "admission_webhook.py"
    /// The conversion webhook.
    static let conversion = "conversion_webhook.py"

    let process: ManagedProcess
    let port: Int
    let log: URL

    /// `https://127.0.0.1:<port>`.
    var baseURL: String { "https://127.0.0.1:\(self.port)" }

    /// Starts a server, runs `body` with it, and stops it (by PID) however `body` ends.
    static func with<Result>(
        _ script: String = Self.admission, pki: URL, in directory: URL, _ body: (TestWebhookServer) async throws -> Result
    ) async throws -> Result {
        let server = try await Self.start(script, pki: pki, in: directory)
        do {
            let result = try await body(server)
            await server.process.stop()
            return result
        } catch {
            await server.process.stop()
            throw error
        }
    }

    private static func start(_ script: String, pki: URL, in directory: URL) async throws -> TestWebhookServer {
        let port = try FreePort.next()
        let log = directory.appendingPathComponent("webhook-requests.jsonl")
        let process = try ManagedProcess(
            executable: URL(fileURLWithPath: "/usr/bin/python3"),
            arguments: [PackageRoot.url.appendingPathComponent("Tests/WharfIntegrationTests/webhook/\(script)").path, String(port), pki.appendingPathComponent("apiserver.crt").path,
                        pki.appendingPathComponent("apiserver.key").path, log.path],
            logFile: directory.appendingPathComponent("webhook.log")
        )
        do {
            try await process.waitForPort(port)
        } catch {
            await process.stop()
            throw error
        }
        return TestWebhookServer(process: process, port: port, log: log)
    }

    /// The requests received so far, each as the JSON object the server logged.
    func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: self.log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
