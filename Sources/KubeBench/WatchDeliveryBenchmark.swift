public import BenchSupport
import NIOCore
import NIOHTTP1
import NIOSSL

/// Many watchers on one namespace's ConfigMaps, each its own `watch=true` request on its own
/// connection, then creates and updates there at a steady rate: how long from sending each write
/// until each watcher has the matching event, and whether every watcher got every event exactly
/// once and in order (a completeness check, as `wharf bench etcd watchers` does for etcd).
///
/// Events are matched to writes by object name and `resourceVersion`; the writes alternate
/// between creating a ConfigMap (`ADDED`) and updating the one just created (`MODIFIED`), and go
/// out on a fixed schedule over several connections, so the offered rate holds even when the
/// server answers slowly.
public struct WatchDeliveryBenchmark: Sendable {
    /// Where the server is and how to authenticate.
    public var endpoint: APIServerEndpoint
    /// Concurrent watch requests, one connection each.
    public var watchers = 1_000
    /// Writes (creates and updates).
    public var events = 100
    /// Writes per second, on a fixed schedule.
    public var rate = 100
    /// Connections the writes go out on, so that a slow answer does not hold back the next write.
    public var writers = 50
    /// The namespace watched (created if missing).
    public var namespace = "wharf-bench-watch"
    /// Bytes in each ConfigMap's data value.
    public var valueSize = 256
    /// How long to wait after the last write for the last events.
    public var drainTimeout: Duration = .seconds(30)

    /// Creates a benchmark against `endpoint` with the defaults.
    public init(endpoint: APIServerEndpoint) {
        self.endpoint = endpoint
    }

    /// What one run measured.
    public struct Result: Sendable, Codable {
        /// Watchers that reported.
        public var watchers: Int
        /// Writes sent (each expected once by every watcher).
        public var writes: Int
        /// Writes per second offered (the schedule).
        public var rate: Int
        /// Connections the writes went out on.
        public var writers: Int
        /// Events expected: watchers × writes.
        public var expectedEvents: Int
        /// Events received, of any kind.
        public var receivedEvents: Int
        /// Expected events that never arrived.
        public var missingEvents: Int
        /// Events that arrived a second time at the same watcher.
        public var duplicateEvents: Int
        /// Events whose `resourceVersion` was below one the watcher had already seen.
        public var outOfOrderEvents: Int
        /// Events for no write of this run, or of the wrong type (`ADDED` for an update).
        public var unexpectedEvents: Int
        /// From sending a write to a watcher receiving its event.
        public var latency: LatencySummary
        /// Latency of the writes themselves.
        public var writeLatency: LatencySummary
        /// The write rate achieved, from the first write sent to the last.
        public var writesPerSecond: Double
        /// Received events per second, from the first write until the last event.
        public var eventsPerSecond: Double
        /// How long it took to open all watches and see them deliver (the warm-up event).
        public var setupSeconds: Double
    }

    /// Runs the benchmark; `progress` hears about each phase.
    ///
    /// - Throws: ``KubeBenchError`` when a watch cannot be opened or a write fails.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Result {
        let tls = try self.endpoint.makeTLSContext()
        return try await APIConnection.with(self.endpoint, tls: tls) { writer in
            try await writer.ensureNamespace(self.namespace)
            return try await self.measure(writer: &writer, tls: tls, progress: progress)
        }
    }

    /// What a watcher tells the coordinator.
    private enum Signal: Sendable {
        /// The server answered the watch request.
        case answered
        /// The watcher received the warm-up event: its watch delivers.
        case warmedUp
        /// The watcher failed.
        case failed(String)
    }

    /// One received event.
    struct Sample: Sendable {
        var object: JSONScanner.ObjectIdentity
        var added: Bool
        var received: UInt64
    }

    /// One write: when it was sent and the event type it should cause.
    private struct Write: Sendable {
        var sent: UInt64
        var added: Bool
    }

    private func measure(
        writer: inout APIConnection, tls: NIOSSLContext?, progress: @escaping @Sendable (String) -> Void
    ) async throws -> Result {
        let collection = "/api/v1/namespaces/\(self.namespace)/configmaps"
        let run = ObjectTemplates.runToken()
        let warmUp = "watch-\(run)-warm-up"
        let startVersion = try await writer.list(collection, limit: 1).resourceVersion
        // Only the benchmark's own objects: the namespace may hold others that controllers keep
        // there (kube-root-ca.crt), whose writes would count as unexpected events.
        let path = "\(collection)?watch=true&resourceVersion=\(startVersion)&labelSelector=\(ObjectTemplates.labelSelector)"
        let (watchers, events, endpoint, rate) = (
            max(1, self.watchers), max(1, self.events), self.endpoint, max(1, self.rate)
        )
        let clock = BenchmarkClock()
        let signals = AsyncStream<Signal>.makeStream()
        defer { signals.continuation.finish() }
        var writes: [JSONScanner.ObjectIdentity: Write] = [:]
        var writeLatencies: [UInt64] = []
        var writesStarted: UInt64 = 0
        var setupSeconds = 0.0
        let outcomes = try await withThrowingTaskGroup(of: [Sample]?.self) { group in
            for _ in 0..<watchers {
                group.addTask {
                    do {
                        return try await Self.watch(
                            endpoint, tls: tls, path: path, warmUp: warmUp, expecting: events, clock: clock,
                            signals: signals.continuation)
                    } catch {
                        signals.continuation.yield(.failed("\(error)"))
                        throw error
                    }
                }
            }
            var received = signals.stream.makeAsyncIterator()
            progress("opening \(watchers) watches on \(collection)")
            try await Self.wait(for: watchers, signals: &received)
            _ = try await writer.create(
                collection,
                ObjectTemplates.configMap(name: warmUp, namespace: self.namespace, valueSize: self.valueSize))
            try await Self.wait(for: watchers, signals: &received)
            setupSeconds = Double(clock.nanoseconds) / 1e9
            progress("\(watchers) watches deliver; writing \(events) creates and updates at \(rate)/s")

            writesStarted = clock.nanoseconds
            let written = try await self.write(
                events, rate: rate, run: run, collection: collection, tls: tls, clock: clock)
            for (object, write) in written.writes { writes[object] = write }
            writeLatencies = written.latencies
            progress("waiting for the last events")
            return try await group.collectUntilDrained(watchers, drainTimeout: self.drainTimeout)
        }
        var result = Self.summarize(outcomes, writes: writes, since: writesStarted)
        result.watchers = watchers
        result.rate = rate
        result.writers = self.writerCount(events)
        result.expectedEvents = watchers * writes.count
        result.missingEvents = result.expectedEvents - result.latency.count
        result.writeLatency = LatencySummary(nanoseconds: writeLatencies)
        result.setupSeconds = setupSeconds
        let sent = writes.values.map(\.sent)
        if let first = sent.min(), let last = sent.max(), last > first {
            result.writesPerSecond = Double(sent.count - 1) / (Double(last - first) / 1e9)
        }
        return result
    }

    /// Sends the measured writes on ``writers`` connections of their own, on a fixed schedule
    /// (write `i` at `i / rate` seconds) however long each takes, so a slow answer does not slow
    /// the rate. Write `2k` creates ConfigMap `k` and write `2k + 1` updates it, both on one
    /// connection, so the update follows its create.
    private func write(
        _ events: Int, rate: Int, run: String, collection: String, tls: NIOSSLContext?, clock: BenchmarkClock
    ) async throws -> (writes: [(JSONScanner.ObjectIdentity, Write)], latencies: [UInt64]) {
        let writers = self.writerCount(events)
        let (namespace, valueSize) = (self.namespace, self.valueSize)
        let outcome = try await ClientGroup(endpoint: self.endpoint, tls: tls, clients: writers).run(
            prepare: { _, _ in },
            measure: { writer, connection, _, schedule in
                var writes: [(JSONScanner.ObjectIdentity, Write)] = []
                var latencies: [UInt64] = []
                var pair = writer
                while 2 * pair < events {
                    var latest = JSONScanner.ObjectIdentity(name: "watch-\(run)-\(pair)", resourceVersion: "")
                    for index in [2 * pair, 2 * pair + 1] where index < events {
                        try await schedule.sleep(until: UInt64(index) * 1_000_000_000 / UInt64(rate))
                        let sent = clock.nanoseconds
                        let added = index == 2 * pair
                        let body = ObjectTemplates.configMap(
                            name: latest.name, namespace: namespace, valueSize: valueSize, generation: added ? 0 : 1,
                            resourceVersion: added ? nil : latest.resourceVersion)
                        if added {
                            latest = try await connection.create(collection, body)
                        } else {
                            let response = try await connection.request(
                                .PUT, "\(collection)/\(latest.name)", body: body)
                            try response.expect([200], "PUT \(collection)/\(latest.name)")
                            latest = try JSONScanner.scan(response.body.readableBytesView) {
                                scanner throws(KubeBenchError) in try scanner.objectIdentity()
                            }
                        }
                        latencies.append(clock.nanoseconds - sent)
                        writes.append((latest, Write(sent: sent, added: added)))
                    }
                    pair += writers
                }
                return WriterOutcome(writes: writes, latencies: latencies)
            })
        return (outcome.values.flatMap(\.writes), outcome.values.flatMap(\.latencies))
    }

    /// ``writers``, but no more than there are create-and-update pairs.
    private func writerCount(_ events: Int) -> Int {
        max(1, min(self.writers, (events + 1) / 2))
    }

    /// What one writer sent.
    private struct WriterOutcome: Sendable {
        var writes: [(JSONScanner.ObjectIdentity, Write)]
        var latencies: [UInt64]
    }

    /// Waits for `count` signals other than failures; a failure throws.
    private static func wait(for count: Int, signals: inout AsyncStream<Signal>.Iterator) async throws {
        var seen = 0
        while seen < count {
            switch await signals.next() {
            case .failed(let reason): throw KubeBenchError.malformedResponse("a watcher failed: \(reason)")
            case .answered, .warmedUp: seen += 1
            case nil: throw CancellationError()
            }
        }
    }

    /// One watcher: opens its watch, signals when the server answers and when the warm-up event
    /// arrives, and records events until it has `count` (or is cancelled by the drain deadline).
    private static func watch(
        _ endpoint: APIServerEndpoint, tls: NIOSSLContext?, path: String, warmUp: String, expecting count: Int,
        clock: BenchmarkClock, signals: AsyncStream<Signal>.Continuation
    ) async throws -> [Sample] {
        try await APIConnection.with(endpoint, tls: tls) { connection in
            var samples: [Sample] = []
            samples.reserveCapacity(count)
            var warmedUp = false
            do {
                try await connection.stream(path, clock: clock, onHead: { signals.yield(.answered) }) {
                    lines, arrived in
                    for line in lines {
                        let event = try JSONScanner.scan(line) { scanner throws(KubeBenchError) in
                            try scanner.watchEvent()
                        }
                        if event.object.name == warmUp {
                            if !warmedUp { signals.yield(.warmedUp) }
                            warmedUp = true
                            continue
                        }
                        samples.append(Sample(object: event.object, added: event.type == "ADDED", received: arrived))
                    }
                    return samples.count < count
                }
            } catch  where Task.isCancelled {
                // The drain deadline passed: report what arrived.
            }
            return samples
        }
    }

    private static func summarize(
        _ outcomes: [[Sample]], writes: [JSONScanner.ObjectIdentity: Write], since start: UInt64
    )
        -> Result
    {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(outcomes.count * writes.count)
        var (received, duplicates, outOfOrder, unexpected) = (0, 0, 0, 0)
        var lastArrival = start
        for samples in outcomes {
            var seen = Set<JSONScanner.ObjectIdentity>()
            var newest: Int64 = 0
            for sample in samples {
                received += 1
                guard let write = writes[sample.object], write.added == sample.added else {
                    unexpected += 1
                    continue
                }
                guard seen.insert(sample.object).inserted else {
                    duplicates += 1
                    continue
                }
                let version = Int64(sample.object.resourceVersion) ?? 0
                if version < newest { outOfOrder += 1 } else { newest = version }
                latencies.append(sample.received >= write.sent ? sample.received - write.sent : 0)
                lastArrival = max(lastArrival, sample.received)
            }
        }
        let elapsed = Double(lastArrival - start) / 1e9
        return Result(
            watchers: outcomes.count, writes: writes.count, rate: 0, writers: 0, expectedEvents: 0,
            receivedEvents: received,
            missingEvents: 0,
            duplicateEvents: duplicates, outOfOrderEvents: outOfOrder, unexpectedEvents: unexpected,
            latency: LatencySummary(nanoseconds: latencies), writeLatency: LatencySummary(nanoseconds: []),
            writesPerSecond: 0, eventsPerSecond: elapsed > 0 ? Double(received) / elapsed : 0, setupSeconds: 0)
    }
}
