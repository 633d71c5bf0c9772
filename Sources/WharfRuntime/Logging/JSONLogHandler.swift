public import Logging

/// A swift-log handler that writes one JSON object per line.
///
/// Each line has the keys `time` (RFC 3339, UTC, microseconds), `level`, `label` and `message`, then
/// every metadata key as a top-level key (handler metadata, then the metadata provider's, then the call
/// site's, later ones winning), then `error` when the event carries one, and `source` (the module that
/// logged). Metadata keys are sorted, so equal events give equal lines. A metadata key that collides with
/// one of the fixed keys is written as `metadata.<key>`. Nested metadata becomes JSON arrays and objects.
///
/// ```json
/// {"time":"2025-01-02T03:04:05.123456Z","level":"info","label":"wharf.brain","message":"compacted","etcd.revision":"42","source":"BrainEngine"}
/// ```
///
/// Libraries never create this handler; the `wharf` command installs it once through
/// ``LoggingBootstrap/bootstrap(format:level:metadataProvider:)``. Tests may create one with
/// ``init(label:metadataProvider:write:)`` to capture lines.
public struct JSONLogHandler: LogHandler {
    /// The lowest level this handler writes.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line this handler writes.
    public var metadata: Logger.Metadata = [:]
    /// Supplies contextual metadata (such as a trace ID) at each log call.
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let write: @Sendable (String) -> Void

    /// Creates a handler that writes lines to standard error.
    ///
    /// Lines from all handlers in the process are written whole, one `write(2)` each, under one lock, so
    /// concurrent loggers never interleave within a line.
    ///
    /// - Parameters:
    ///   - label: The logger's label, written as `label`.
    ///   - metadataProvider: Contextual metadata read at each log call. Defaults to `nil`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider, write: StandardErrorWriter.write)
    }

    /// Creates a handler that passes each line, newline included, to `write`.
    ///
    /// - Parameters:
    ///   - label: The logger's label, written as `label`.
    ///   - metadataProvider: Contextual metadata read at each log call. Defaults to `nil`.
    ///   - write: Receives each finished line, ending in `\n`. Called on the logging thread.
    public init(
        label: String,
        metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }

        var line = JSONLineEncoder()
        line.field("time", string: RFC3339Timestamp.now())
        line.field("level", string: event.level.rawValue)
        line.field("label", string: self.label)
        line.field("message", string: event.message.description)
        for key in merged.keys.sorted() {
            let name = JSONLineEncoder.reservedKeys.contains(key) ? "metadata.\(key)" : key
            line.field(name, value: merged[key]!)
        }
        if let error = event.error {
            line.field("error", string: String(describing: error))
        }
        line.field("source", string: event.source)
        self.write(line.finish())
    }
}
