public import BenchSupport
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Creates, reads, updates or applies objects (ConfigMaps, or custom resources: ``BenchObjectKind``)
/// as fast as a set of clients can, each on its own keep-alive connection: throughput and
/// per-request latency of the API server's basic verbs.
///
/// `get`, `update` and `apply` first create ``objectsPerClient`` objects per client (not timed);
/// each client then reads or writes its own objects in turn. An update is a `PUT` of the whole
/// object with the `resourceVersion` the previous write returned (so a conflict would be an
/// error); an apply is a server-side apply of the whole object by one field manager, which also
/// created it, so the two compare the same change through the two write paths.
public struct ObjectLoadBenchmark: Sendable {
    /// The verb measured.
    public enum Operation: String, Sendable, Codable, CaseIterable {
        /// `POST` a new ConfigMap.
        case create
        /// `GET` one ConfigMap by name.
        case get
        /// `PUT` a changed object with its current `resourceVersion`.
        case update
        /// Server-side apply (`PATCH`, `application/apply-patch+yaml`) of a changed object.
        case apply
    }

    /// The field manager of applies.
    static let fieldManager = "wharf-bench"

    /// Where the server is and how to authenticate.
    public var endpoint: APIServerEndpoint
    /// The verb measured.
    public var operation: Operation
    /// The objects written and read.
    public var kind = BenchObjectKind.configmap
    /// Concurrent clients, one connection each.
    public var clients = 16
    /// Requests in all, shared by the clients; ignored when ``duration`` is set.
    public var total = 10_000
    /// How long to run instead of a fixed total.
    public var duration: Duration?
    /// The namespace the ConfigMaps go in (created if missing).
    public var namespace = "wharf-bench"
    /// Bytes in each ConfigMap's one data value.
    public var valueSize = 256
    /// For `get` and `update`: the ConfigMaps each client creates first and then cycles through.
    public var objectsPerClient = 10

    /// Creates a benchmark of `operation` against `endpoint` with the defaults.
    public init(endpoint: APIServerEndpoint, operation: Operation) {
        self.endpoint = endpoint
        self.operation = operation
    }

    /// What one run measured.
    public struct Result: Sendable, Codable {
        /// The verb measured.
        public var operation: Operation
        /// The objects written and read.
        public var kind: BenchObjectKind
        /// Concurrent clients.
        public var clients: Int
        /// Requests that succeeded.
        public var requests: Int
        /// Requests answered with an unexpected status.
        public var errors: Int
        /// From the common start until the last client finished.
        public var seconds: Double
        /// Successful requests per second.
        public var requestsPerSecond: Double
        /// Latency of the successful requests, from sending to the whole response.
        public var latency: LatencySummary
    }

    /// Runs the benchmark.
    ///
    /// - Throws: ``KubeBenchError`` when the server cannot be reached or refuses the preparation.
    public func run() async throws -> Result {
        let tls = try self.endpoint.makeTLSContext()
        let run = ObjectTemplates.runToken()
        let collection = self.kind.collection(namespace: self.namespace)
        try await APIConnection.with(self.endpoint, tls: tls) { connection in
            try await connection.ensureNamespace(self.namespace)
            try await connection.ensureServed(self.kind)
        }
        let counter = RequestCounter()
        let outcome = try await ClientGroup(endpoint: self.endpoint, tls: tls, clients: max(1, self.clients)).run(
            prepare: { client, connection in
                try await self.prepare(client: client, run: run, collection: collection, on: &connection)
            },
            measure: { client, connection, objects, clock in
                var objects = objects
                var samples = Samples()
                let deadline = self.duration.map { UInt64($0 / .nanoseconds(1)) }
                var turn = 0
                while true {
                    if let deadline {
                        guard clock.nanoseconds < deadline else { break }
                    } else {
                        guard counter.next.wrappingAdd(1, ordering: .relaxed).oldValue < self.total else { break }
                    }
                    let started = clock.nanoseconds
                    let ok = try await self.request(
                        turn: turn, client: client, run: run, collection: collection, objects: &objects, on: &connection
                    )
                    if ok { samples.latencies.append(clock.nanoseconds - started) } else { samples.errors += 1 }
                    turn += 1
                }
                return samples
            })
        let latencies = outcome.values.flatMap(\.latencies)
        let seconds = Double(outcome.nanoseconds) / 1e9
        return Result(
            operation: self.operation, kind: self.kind, clients: max(1, self.clients), requests: latencies.count,
            errors: outcome.values.reduce(0) { $0 + $1.errors }, seconds: seconds,
            requestsPerSecond: seconds > 0 ? Double(latencies.count) / seconds : 0,
            latency: LatencySummary(nanoseconds: latencies))
    }

    /// Hands out request numbers to the clients, for a fixed total.
    private final class RequestCounter: Sendable {
        let next = Atomic<Int>(0)
    }

    /// One client's latencies and error count.
    private struct Samples: Sendable {
        var latencies: [UInt64] = []
        var errors = 0
    }

    /// An object a client reads or updates, with its current `resourceVersion`.
    private struct Object: Sendable {
        var name: String
        var resourceVersion: String
        var generation = 0
    }

    private func name(run: String, client: Int, index: Int) -> String {
        "bench-\(run)-c\(client)-\(index)"
    }

    private func prepare(client: Int, run: String, collection: String, on connection: inout APIConnection) async throws
        -> [Object]
    {
        guard self.operation != .create else { return [] }
        var objects: [Object] = []
        for index in 0..<max(1, self.objectsPerClient) {
            let name = self.name(run: run, client: client, index: index)
            let body = self.kind.body(name: name, namespace: self.namespace, valueSize: self.valueSize)
            if self.operation == .apply {
                let response = try await self.apply(body, "\(collection)/\(name)", on: &connection)
                try response.expect([201], "PATCH (apply) \(collection)/\(name)")
                objects.append(Object(name: name, resourceVersion: ""))
            } else {
                let created = try await connection.create(collection, body)
                objects.append(Object(name: name, resourceVersion: created.resourceVersion))
            }
        }
        return objects
    }

    /// Sends one measured request; returns whether it succeeded.
    private func request(
        turn: Int, client: Int, run: String, collection: String, objects: inout [Object],
        on connection: inout APIConnection
    ) async throws -> Bool {
        switch self.operation {
        case .create:
            let name = self.name(run: run, client: client, index: turn)
            let body = self.kind.body(name: name, namespace: self.namespace, valueSize: self.valueSize)
            return try await connection.request(.POST, collection, body: body).status == 201
        case .get:
            let path = "\(collection)/\(objects[turn % objects.count].name)"
            return try await connection.request(.GET, path).status == 200
        case .update:
            let slot = turn % objects.count
            var object = objects[slot]
            object.generation += 1
            let body = self.kind.body(
                name: object.name, namespace: self.namespace, valueSize: self.valueSize, generation: object.generation,
                resourceVersion: object.resourceVersion)
            let response = try await connection.request(.PUT, "\(collection)/\(object.name)", body: body)
            if response.status == 200 {
                object.resourceVersion = try JSONScanner.scan(response.body.readableBytesView) {
                    scanner throws(KubeBenchError) in
                    try scanner.objectIdentity()
                }.resourceVersion
            } else {
                // Refresh the version (outside the measured time's meaning, but counted as an error).
                let current = try await connection.request(.GET, "\(collection)/\(object.name)")
                object.resourceVersion = try JSONScanner.scan(current.body.readableBytesView) {
                    scanner throws(KubeBenchError) in
                    try scanner.objectIdentity()
                }.resourceVersion
            }
            objects[slot] = object
            return response.status == 200
        case .apply:
            let slot = turn % objects.count
            objects[slot].generation += 1
            let name = objects[slot].name
            let body = self.kind.body(
                name: name, namespace: self.namespace, valueSize: self.valueSize, generation: objects[slot].generation)
            return try await self.apply(body, "\(collection)/\(name)", on: &connection).status == 200
        }
    }

    /// Applies `body` at `path` as the benchmark's field manager.
    private func apply(_ body: [UInt8], _ path: String, on connection: inout APIConnection) async throws
        -> ClientResponse
    {
        try await connection.request(
            .PATCH, "\(path)?fieldManager=\(Self.fieldManager)", body: body, contentType: "application/apply-patch+yaml")
    }
}
