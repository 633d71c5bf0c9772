public import Logging

/// Installs the process-wide swift-log backend. Only the `wharf` command calls it, once, at startup.
///
/// Libraries and tests never bootstrap: they take a `Logger` and, in tests, create handlers directly
/// (``JSONLogHandler/init(label:metadataProvider:write:)`` or swift-log's `InMemoryLogHandler`).
///
/// ```swift
/// LoggingBootstrap.bootstrap(format: .json, level: .info)
/// let logger = Logger(label: "wharf.brain")
/// ```
public enum LoggingBootstrap {
    /// Makes every `Logger` in the process write to standard error in `format` at `level` and above.
    ///
    /// swift-log allows one bootstrap per process; a second call traps.
    ///
    /// - Parameters:
    ///   - format: Text lines or JSON lines.
    ///   - level: The lowest level written.
    ///   - metadataProvider: Contextual metadata added to every line (such as a trace ID). Defaults to `nil`.
    public static func bootstrap(
        format: LogFormat,
        level: Logger.Level,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        LoggingSystem.bootstrap(
            { label, provider in
                Self.makeHandler(label: label, format: format, level: level, metadataProvider: provider)
            },
            metadataProvider: metadataProvider
        )
    }

    /// Creates the handler ``bootstrap(format:level:metadataProvider:)`` installs, writing to standard error.
    ///
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - format: Text lines (`StreamLogHandler`) or JSON lines (``JSONLogHandler``).
    ///   - level: The lowest level written.
    ///   - metadataProvider: Contextual metadata added to every line. Defaults to `nil`.
    /// - Returns: A configured handler.
    public static func makeHandler(
        label: String,
        format: LogFormat,
        level: Logger.Level,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> any LogHandler {
        var handler: any LogHandler
        switch format {
        case .text:
            handler = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
        case .json:
            handler = JSONLogHandler(label: label, metadataProvider: metadataProvider)
        }
        handler.logLevel = level
        return handler
    }
}
