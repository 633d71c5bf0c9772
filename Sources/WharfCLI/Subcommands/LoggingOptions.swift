import ArgumentParser
import Logging
import WharfRuntime

/// Flags every Wharf server takes: how it logs.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    @Option(help: "Lowest log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    /// Bootstraps swift-log with these settings (once, at startup).
    func bootstrap() {
        LoggingBootstrap.bootstrap(format: self.logFormat, level: self.logLevel)
    }
}
