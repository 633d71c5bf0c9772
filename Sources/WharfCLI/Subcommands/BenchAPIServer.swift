public import ArgumentParser
import BenchSupport
import Foundation
import KubeBench

/// `wharf bench apiserver`: against a Kubernetes API server over HTTPS (`wharf up`, `wharf
/// apiserver`, or any other), one HTTP/1.1 keep-alive connection per client.
struct BenchAPIServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiserver",
        abstract: "Measure a Kubernetes API server over HTTPS (client certificate or bearer token).",
        subcommands: [Create.self, Get.self, Update.self, Apply.self, List.self, Watch.self, Ready.self, RSS.self])

    /// The flags of the create, get and update scenarios.
    struct LoadOptions: ParsableArguments {
        @Option(help: "Concurrent clients, each on its own connection.")
        var clients = 16

        @Option(help: "Requests in all, shared by the clients (ignored with --duration).")
        var total = 10_000

        @Option(help: "Run this many seconds instead of a fixed total.")
        var duration: Double?

        @Option(
            help: """
                The objects: ConfigMaps, or custom resources whose definition (created if missing) has a structural \
                schema (widget) and also CEL rules (checkedwidget).
                """)
        var kind = BenchObjectKind.configmap

        @Option(help: "The namespace for the objects (created if missing).")
        var namespace = "wharf-bench"

        @Option(help: "Bytes in each ConfigMap's data value.")
        var valueSize = 256

        @Option(help: "get, update and apply: objects each client creates first (untimed) and then cycles through.")
        var objectsPerClient = 10
    }

    /// A create, get or update scenario: the same flags, one verb.
    protocol ObjectLoad: AsyncParsableCommand {
        static var operation: ObjectLoadBenchmark.Operation { get }
        var target: BenchAPIServerTarget { get }
        var load: LoadOptions { get }
    }

    struct Create: ObjectLoad {
        static let configuration = CommandConfiguration(abstract: "POST new objects: requests/s and latency.")
        static let operation = ObjectLoadBenchmark.Operation.create
        @OptionGroup var target: BenchAPIServerTarget
        @OptionGroup var load: LoadOptions
    }

    struct Get: ObjectLoad {
        static let configuration = CommandConfiguration(abstract: "GET objects by name: requests/s and latency.")
        static let operation = ObjectLoadBenchmark.Operation.get
        @OptionGroup var target: BenchAPIServerTarget
        @OptionGroup var load: LoadOptions
    }

    struct Update: ObjectLoad {
        static let configuration = CommandConfiguration(
            abstract: "PUT changed objects with their resourceVersion: requests/s and latency.")
        static let operation = ObjectLoadBenchmark.Operation.update
        @OptionGroup var target: BenchAPIServerTarget
        @OptionGroup var load: LoadOptions
    }

    struct Apply: ObjectLoad {
        static let configuration = CommandConfiguration(
            abstract: "Server-side apply changed objects, one field manager: requests/s and latency.")
        static let operation = ObjectLoadBenchmark.Operation.apply
        @OptionGroup var target: BenchAPIServerTarget
        @OptionGroup var load: LoadOptions
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create many Pods, then time whole and paged LISTs of them.")

        @OptionGroup var target: BenchAPIServerTarget

        @Option(help: "Pods to create first (about 2 KB each as stored).")
        var objects = 10_000

        @Option(help: "Concurrent clients creating them.")
        var clients = 16

        @Option(name: .customLong("repeat"), help: "Timed LISTs of each kind (whole, paged).")
        var repeats = 10

        @Option(help: "Page size (limit) of the paged LISTs.")
        var pageSize = 500

        @Option(help: "The namespace for the Pods (created if missing).")
        var namespace = "wharf-bench-list"

        @Option(help: "The server's process ID, to read its memory from /proc.")
        var pid: Int32?

        func run() async throws {
            var benchmark = PodListBenchmark(endpoint: try target.endpoint())
            benchmark.objects = objects
            benchmark.clients = clients
            benchmark.repeats = repeats
            benchmark.pageSize = pageSize
            benchmark.namespace = namespace
            benchmark.serverPID = pid
            let result = try await benchmark.run(progress: BenchReport.progress)
            let memory = [
                ("before", result.memoryBefore), ("after creates", result.memoryAfterCreates),
                ("after lists", result.memoryAfterLists),
            ].compactMap { label, memory in memory.map { "\(label) \($0.residentKiB / 1024) MiB" } }
            try target.report(
                result,
                text: """
                    created \(result.created) pods with \(clients) clients: \(Int(result.createsPerSecond)) creates/s
                    create latency ms: \(result.createLatency.text)
                    LIST of \(result.items) pods (\(result.listBytes / 1024) KiB) ms: \(result.fullList.text)
                    paged LIST (limit \(result.pageSize)) ms: \(result.pagedList.text)
                    server RSS: \(memory.isEmpty ? "unknown (pass --pid)" : memory.joined(separator: ", "))
                    """)
        }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Many watchers on one namespace's ConfigMaps: latency from sending a write to each watcher's event.")

        @OptionGroup var target: BenchAPIServerTarget

        @Option(help: "Concurrent watch requests, each on its own connection.")
        var watchers = 1_000

        @Option(help: "Writes (alternately a create and an update of the object just created).")
        var events = 100

        @Option(help: "Writes per second, on a fixed schedule.")
        var rate = 100

        @Option(help: "Connections the writes go out on (a create and its update share one).")
        var writers = 50

        @Option(help: "The namespace watched (created if missing).")
        var namespace = "wharf-bench-watch"

        @Option(help: "Seconds to wait after the last write for the last events.")
        var drainTimeout = 30

        func run() async throws {
            var benchmark = WatchDeliveryBenchmark(endpoint: try target.endpoint())
            benchmark.watchers = watchers
            benchmark.events = events
            benchmark.rate = rate
            benchmark.writers = writers
            benchmark.namespace = namespace
            benchmark.drainTimeout = .seconds(drainTimeout)
            let result = try await benchmark.run(progress: BenchReport.progress)
            try target.report(
                result,
                text: """
                    watchers \(result.watchers), writes \(result.writes): \(result.receivedEvents)/\(result.expectedEvents) events, \
                    \(result.missingEvents) missing, \(result.duplicateEvents) duplicate, \(result.outOfOrderEvents) out of order, \
                    \(result.unexpectedEvents) unexpected, \(Int(result.eventsPerSecond)) events/s
                    write-to-event latency ms: \(result.latency.text)
                    write latency ms: \(result.writeLatency.text); \(Int(result.writesPerSecond)) writes/s achieved
                    """)
            let incomplete =
                result.missingEvents + result.duplicateEvents + result.outOfOrderEvents + result.unexpectedEvents
            if incomplete > 0 { throw ExitCode(2) }
        }
    }

    struct Ready: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start `wharf up` afresh and time spawn-to-ready; read its idle memory.")

        @Option(help: "The wharf binary to start (default: this one).")
        var wharf: String?

        @Option(help: "Fresh starts to time.")
        var runs = 3

        @Option(help: "Seconds the server sits idle before its memory is read.")
        var settle = 2.0

        @Option(help: "Where the temporary data directories go (default: the system temp dir).")
        var dataRoot: String?

        @Flag(help: "Print the result as one JSON object instead of text.")
        var json = false

        func run() async throws {
            let executable =
                wharf.map { URL(fileURLWithPath: $0) }
                ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            var benchmark = StartupBenchmark(executable: executable)
            benchmark.runs = runs
            benchmark.settle = .milliseconds(Int(settle * 1000))
            if let dataRoot { benchmark.dataRoot = URL(fileURLWithPath: dataRoot) }
            let result = try await benchmark.run(progress: BenchReport.progress)
            let idle = result.idleResidentKiB.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "unknown"
            try BenchReport.print(
                result, json: json,
                text: """
                    \(result.runs.count) starts of \(executable.path) up: spawn to ready ms \
                    p50 \(String(format: "%.1f", result.ready.p50)), max \(String(format: "%.1f", result.ready.max))
                    idle RSS after \(settle) s (median): \(idle)
                    """)
        }
    }

    struct RSS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rss", abstract: "Read a server process's resident memory (VmRSS, VmHWM) from /proc.")

        @Option(help: "The server's process ID.")
        var pid: Int32

        @Flag(help: "Print the result as one JSON object instead of text.")
        var json = false

        func run() async throws {
            guard let memory = ProcessMemory(pid: pid) else {
                throw ValidationError("no memory figures for process \(pid) (not running, or not Linux)")
            }
            try BenchReport.print(
                memory, json: json,
                text: String(
                    format: "process %d: RSS %.1f MiB, peak %.1f MiB", pid, Double(memory.residentKiB) / 1024,
                    Double(memory.peakKiB) / 1024))
        }
    }
}

extension BenchAPIServer.ObjectLoad {
    func run() async throws {
        var benchmark = ObjectLoadBenchmark(endpoint: try target.endpoint(), operation: Self.operation)
        benchmark.clients = load.clients
        benchmark.total = load.total
        benchmark.duration = load.duration.map { .milliseconds(Int($0 * 1000)) }
        benchmark.namespace = load.namespace
        benchmark.kind = load.kind
        benchmark.valueSize = load.valueSize
        benchmark.objectsPerClient = load.objectsPerClient
        let result = try await benchmark.run()
        try target.report(
            result,
            text: """
                \(result.operation.rawValue) of \(result.kind.rawValue) objects with \(result.clients) clients: \(result.requests) requests, \(result.errors) errors, \
                \(Int(result.requestsPerSecond)) requests/s
                latency ms: \(result.latency.text)
                """)
        if result.errors > 0 { throw ExitCode(2) }
    }
}

extension BenchObjectKind: ExpressibleByArgument {}
