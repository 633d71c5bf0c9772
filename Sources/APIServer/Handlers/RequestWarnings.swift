import Foundation
import Synchronization

/// The warnings of the request being served, sent back as `Warning: 299 - "…"` headers (kubectl
/// prints them). Handlers reach it through the task-local ``current``.
final class RequestWarnings: Sendable {
    private let messages = Mutex<[String]>([])

    /// Adds a warning.
    func add(_ message: String) {
        self.messages.withLock { $0.append(message) }
    }

    /// The warnings added so far, in order.
    var all: [String] { self.messages.withLock { $0 } }

    /// The collector of the request this task serves, if any.
    @TaskLocal static var current: RequestWarnings?

    /// The header value for one warning (RFC 7234 warn-code 299, agent `-`).
    static func headerValue(_ message: String) -> String {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "299 - \"\(escaped)\""
    }
}
