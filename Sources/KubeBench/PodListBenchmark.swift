public import BenchSupport
import Foundation
import NIOCore
import Synchronization

/// Fills a namespace with Pods, then times LISTs of all of them: whole (no `limit`) and paged
/// (`limit` per page, following `continue` to the end). Each LIST must return exactly the Pods the
/// namespace holds, or the run fails.
public struct PodListBenchmark: Sendable {
    /// Where the server is and how to authenticate.
    public var endpoint: APIServerEndpoint
    /// Pods to create before listing.
    public var objects = 10_000
    /// Concurrent clients creating them.
    public var clients = 16
    /// Timed LISTs of each kind.
    public var repeats = 10
    /// Page size of the paged LISTs.
    public var pageSize = 500
    /// The namespace the Pods go in (created if missing; Pods already there count too).
    public var namespace = "wharf-bench-list"
    /// The server process whose memory to read (from `/proc`), if known.
    public var serverPID: Int32?

    /// Creates a benchmark against `endpoint` with the defaults.
    public init(endpoint: APIServerEndpoint) {
        self.endpoint = endpoint
    }

    /// What one run measured.
    public struct Result: Sendable, Codable {
        /// Pods created by this run.
        public var created: Int
        /// Pods created per second.
        public var createsPerSecond: Double
        /// Latency of each create.
        public var createLatency: LatencySummary
        /// Pods each LIST returned (those created plus any that were there before).
        public var items: Int
        /// Bytes of one whole LIST response.
        public var listBytes: Int
        /// Milliseconds per whole LIST (no limit), from sending it to the last byte.
        public var fullList: LatencySummary
        /// Milliseconds per paged LIST: all pages, one after another.
        public var pagedList: LatencySummary
        /// The `limit` of the paged LISTs.
        public var pageSize: Int
        /// The server's memory before the first create.
        public var memoryBefore: ProcessMemory?
        /// The server's memory after the last create: what the Pods cost.
        public var memoryAfterCreates: ProcessMemory?
        /// The server's memory after the LISTs.
        public var memoryAfterLists: ProcessMemory?
    }

    /// Runs the benchmark; `progress` hears about every tenth of the creates and each phase.
    ///
    /// - Throws: ``KubeBenchError/malformedResponse(_:)`` when a LIST does not return exactly the
    ///   namespace's Pods.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Result {
        let tls = try self.endpoint.makeTLSContext()
        let collection = "/api/v1/namespaces/\(self.namespace)/pods"
        let existing = try await APIConnection.with(self.endpoint, tls: tls) { connection in
            try await connection.ensureNamespace(self.namespace)
            return try await connection.list(collection).names
        }
        let memoryBefore = self.serverPID.flatMap(ProcessMemory.init(pid:))
        let run = ObjectTemplates.runToken()
        let (objects, namespace) = (self.objects, self.namespace)
        let step = max(objects / 10, 1)
        let counters = Counters()
        progress("creating \(objects) pods in \(namespace) with \(self.clients) clients")
        let creates = try await ClientGroup(endpoint: self.endpoint, tls: tls, clients: max(1, self.clients)).run(
            prepare: { _, _ in },
            measure: { _, connection, _, clock in
                var latencies: [UInt64] = []
                while true {
                    let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < objects else { return latencies }
                    let started = clock.nanoseconds
                    _ = try await connection.create(
                        collection, ObjectTemplates.pod(name: "pod-\(run)-\(index)", namespace: namespace))
                    latencies.append(clock.nanoseconds - started)
                    let done = counters.done.wrappingAdd(1, ordering: .relaxed).newValue
                    if done % step == 0 {
                        progress("\(done)/\(objects) pods, \(Int(Double(done) / (Double(clock.nanoseconds) / 1e9)))/s")
                    }
                }
            })
        let memoryAfterCreates = self.serverPID.flatMap(ProcessMemory.init(pid:))
        var expected = Set(existing)
        for index in 0..<objects { expected.insert("pod-\(run)-\(index)") }

        progress(
            "listing \(expected.count) pods \(self.repeats) times whole and \(self.repeats) times in pages of \(self.pageSize)"
        )
        let (pageSize, repeats) = (self.pageSize, max(1, self.repeats))
        let lists = try await APIConnection.with(self.endpoint, tls: tls) { connection in
            let clock = BenchmarkClock()
            var full: [UInt64] = []
            var paged: [UInt64] = []
            var bytes = 0
            for _ in 0..<repeats {
                let started = clock.nanoseconds
                let response = try await connection.listResponse(collection)
                full.append(clock.nanoseconds - started)
                let list = try APIConnection.summarize(list: response)
                bytes = list.bytes
                try Self.verify(list.names, expected: expected, what: "LIST")
            }
            for _ in 0..<repeats {
                let started = clock.nanoseconds
                var names: [String] = []
                var token = ""
                var pages = 0
                repeat {
                    let page = try await connection.list(collection, limit: pageSize, continueToken: token)
                    names += page.names
                    token = page.continueToken
                    pages += 1
                } while !token.isEmpty && pages <= expected.count / max(pageSize, 1) + 1
                paged.append(clock.nanoseconds - started)
                try Self.verify(names, expected: expected, what: "paged LIST")
            }
            return (full, paged, bytes)
        }
        let seconds = Double(creates.nanoseconds) / 1e9
        let createLatencies = creates.values.flatMap { $0 }
        return Result(
            created: createLatencies.count, createsPerSecond: seconds > 0 ? Double(createLatencies.count) / seconds : 0,
            createLatency: LatencySummary(nanoseconds: createLatencies), items: expected.count, listBytes: lists.2,
            fullList: LatencySummary(nanoseconds: lists.0), pagedList: LatencySummary(nanoseconds: lists.1),
            pageSize: pageSize, memoryBefore: memoryBefore, memoryAfterCreates: memoryAfterCreates,
            memoryAfterLists: self.serverPID.flatMap(ProcessMemory.init(pid:)))
    }

    /// Pods handed out and Pods created, shared by the creating clients.
    private final class Counters: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
    }

    /// Throws unless `names` are exactly `expected`, each once.
    private static func verify(_ names: [String], expected: Set<String>, what: String) throws(KubeBenchError) {
        let unique = Set(names)
        guard names.count == expected.count, unique == expected else {
            throw KubeBenchError.malformedResponse(
                "\(what) returned \(names.count) items (\(unique.count) distinct, \(unique.subtracting(expected).count) unexpected), "
                    + "expected \(expected.count)")
        }
    }
}
