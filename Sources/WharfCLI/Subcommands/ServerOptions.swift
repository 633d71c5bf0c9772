public import ArgumentParser
import Logging
import WharfRuntime

/// Flags of servers with a separate observability listener: logging, and where the listener is.
struct ServerOptions: ParsableArguments {
    @OptionGroup var logging: LoggingOptions

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
