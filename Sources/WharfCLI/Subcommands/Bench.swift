import ArgumentParser
import BenchSupport
import EtcdBench
import Foundation

/// `wharf bench`: load generators for what the anchors' own tools do not measure.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load generators for what the anchors' own benchmark tools do not measure.",
        subcommands: [BenchEtcd.self, BenchAPIServer.self])
}

/// `wharf bench etcd`: against any etcd v3 endpoint (etcd itself or `wharf brain`).
struct BenchEtcd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etcd",
        abstract: "Measure an etcd v3 endpoint (etcd or wharf brain).",
        subcommands: [Watchers.self, Keys.self])

    /// Where to connect and how to report.
    struct Target: ParsableArguments {
        @Option(help: "The endpoint, HOST:PORT (plain gRPC).")
        var endpoint = "127.0.0.1:2379"

        @Flag(help: "Print the result as one JSON object instead of text.")
        var json = false

        func validate() throws {
            _ = try hostAndPort()
        }

        func hostAndPort() throws -> (String, Int) {
            guard let colon = endpoint.lastIndex(of: ":"), let port = Int(endpoint[endpoint.index(after: colon)...])
            else { throw ValidationError("--endpoint needs HOST:PORT, got \(endpoint)") }
            return (String(endpoint[..<colon]), port)
        }

        /// Prints `result` as JSON, or as `text` for people.
        func report(_ result: some Encodable, text: String) throws {
            try BenchReport.print(result, json: json, text: text)
        }
    }

    struct Watchers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Many watchers on one prefix: latency from sending a put to each watcher's event.")

        @OptionGroup var target: Target

        @Option(help: "Watchers, each on its own watch stream.")
        var watchers = 10_000

        @Option(help: "Connections carrying the watch streams.")
        var connections = 16

        @Option(help: "Puts under the watched prefix.")
        var puts = 50

        @Option(help: "Puts per second.")
        var rate = 100

        func run() async throws {
            let (host, port) = try target.hostAndPort()
            var benchmark = WatchFanOutBenchmark(host: host, port: port)
            benchmark.watchers = watchers
            benchmark.connections = connections
            benchmark.puts = puts
            benchmark.rate = rate
            let result = try await benchmark.run(progress: BenchReport.progress)
            try target.report(
                result,
                text: """
                    watchers \(result.watchers), puts \(result.puts): \(result.receivedEvents)/\(result.expectedEvents) events, \
                    \(result.missingEvents) missing, \(result.unexpectedEvents) unexpected, \(Int(result.eventsPerSecond)) events/s
                    put-to-event latency ms: \(result.latency.text)
                    """)
            if result.missingEvents > 0 || result.unexpectedEvents > 0 { throw ExitCode(2) }
        }
    }

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put many distinct keys; report throughput and the server's memory before and after.")

        @OptionGroup var target: Target

        @Option(help: "Distinct keys to put.")
        var keys = 1_000_000

        @Option(help: "Bytes per value.")
        var valueSize = 256

        @Option(help: "Concurrent puts.")
        var clients = 64

        @Option(help: "Connections the clients share.")
        var connections = 16

        @Option(help: "The server's process ID, to read its memory from /proc.")
        var pid: Int32?

        func run() async throws {
            let (host, port) = try target.hostAndPort()
            var benchmark = KeyLoadBenchmark(host: host, port: port)
            benchmark.keys = keys
            benchmark.valueSize = valueSize
            benchmark.clients = clients
            benchmark.connections = connections
            benchmark.serverPID = pid
            let result = try await benchmark.run(progress: BenchReport.progress)
            let memory = [("before", result.memoryBefore), ("after", result.memoryAfter)].compactMap { label, memory in
                memory.map { "\(label) \($0.residentKiB / 1024) MiB" }
            }
            try target.report(
                result,
                text: """
                    \(result.keys) keys of \(result.valueSize) bytes with \(result.clients) clients: \
                    \(Int(result.putsPerSecond)) puts/s
                    put latency ms: \(result.latency.text)
                    server RSS: \(memory.isEmpty ? "unknown (pass --pid)" : memory.joined(separator: ", "))
                    """)
        }
    }
}
