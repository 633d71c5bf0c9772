/// How a Wharf process writes its log lines to standard error.
///
/// The raw values are the spellings of the `--log-format` flag.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// Human-readable lines from swift-log's `StreamLogHandler`.
    case text
    /// One JSON object per line from ``JSONLogHandler``, for log shippers.
    case json
}
