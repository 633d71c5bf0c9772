public import ArgumentParser
import Logging
import WharfRuntime

/// Flags every Wharf server takes: logging and the observability listener.
struct ServerOptions: ParsableArguments {
    @Option(help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    @Option(help: "Lowest log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "Where /metrics, /health, /healthz, /livez and /readyz are served (http URL).")
    var listenMetricsUrls: String = "http://127.0.0.1:2381"

    /// The observability listener's address.
    func metricsAddress() throws -> ListenAddress {
        guard let address = try ListenAddress.parseList(listenMetricsUrls).first else {
            throw ValidationError("--listen-metrics-urls needs a URL")
        }
        return address
    }
}

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
