public import BenchSupport
import EtcdClient
import EtcdWire
import Foundation
import StoreCore
import WharfGRPC

/// Many watchers on one prefix, puts under it at a steady rate: how long from sending a put
/// until each watcher has its event, and whether every watcher got every event exactly once,
/// in order.
///
/// etcd's own `benchmark watch-latency` measures from the put's response, so a server that
/// answers before it dispatches looks faster than it is; this one measures from the moment the
/// put is sent.
public struct WatchFanOutBenchmark: Sendable {
    /// Where the server listens.
    public var host: String
    public var port: Int
    /// How many watchers, each on its own watch stream.
    public var watchers = 10_000
    /// How many connections carry the watch streams (the puts use one more).
    public var connections = 16
    /// How many puts, one at a time.
    public var puts = 50
    /// Puts per second.
    public var rate = 100
    /// The prefix watched; puts go to keys under it.
    public var prefix = "/wharf-bench/watch/"
    /// How long to wait after the last put for the last events.
    public var drainTimeout: Duration = .seconds(30)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// What one run measured.
    public struct Result: Sendable, Codable {
        public var watchers: Int
        public var puts: Int
        /// Events expected: watchers × puts.
        public var expectedEvents: Int
        public var receivedEvents: Int
        /// Expected events that never arrived.
        public var missingEvents: Int
        /// Events that arrived twice, out of revision order, or for a revision never put.
        public var unexpectedEvents: Int
        /// From sending a put to a watcher receiving its event.
        public var latency: LatencySummary
        /// Received events per second, over the put phase and the drain.
        public var eventsPerSecond: Double
    }

    /// Runs the benchmark; `progress` hears about each phase.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Result {
        try await EtcdClient.withConnections(count: connections + 1, host: host, port: port) { clients in
            try await measure(watchClients: Array(clients.dropFirst()), writer: clients[0], progress: progress)
        }
    }

    private func measure(watchClients: [EtcdClient], writer: EtcdClient, progress: @Sendable (String) -> Void)
        async throws -> Result
    {
        // One put outside the prefix first, so connection warm-up is not counted as latency.
        var warmUp = Etcdserverpb_PutRequest()
        warmUp.key = Data(prefix.utf8.dropLast()) + Data("~warm-up".utf8)
        _ = try await writer.put(warmUp)
        let clock = BenchmarkClock()
        let ready = AsyncStream<Void>.makeStream()
        var putTimes: [Int64: UInt64] = [:]
        var firstRevision: Int64 = 0
        var putsStarted: UInt64 = 0
        let outcomes = try await withThrowingTaskGroup(of: [Sample]?.self) { group in
            for index in 0..<watchers {
                let client = watchClients[index % watchClients.count]
                group.addTask {
                    try await watch(on: client, expecting: puts, ready: ready.continuation, clock: clock)
                }
            }
            progress("creating \(watchers) watchers on \(connections) connections")
            var created = 0
            for await _ in ready.stream {
                created += 1
                if created == watchers { break }
            }
            progress("putting \(puts) keys under \(prefix) at \(rate)/s")
            putsStarted = clock.nanoseconds
            for index in 0..<puts {
                try await clock.sleep(until: putsStarted + UInt64(index) * 1_000_000_000 / UInt64(max(rate, 1)))
                var put = Etcdserverpb_PutRequest()
                put.key = Data("\(prefix)\(index)".utf8)
                put.value = Data(repeating: 0x61, count: 32)
                let sent = clock.nanoseconds
                let revision = try await writer.put(put).header.revision
                if index == 0 { firstRevision = revision }
                putTimes[revision] = sent
            }
            progress("waiting for the last events")
            return try await group.collectUntilDrained(watchers, drainTimeout: drainTimeout)
        }
        return summarize(outcomes, putTimes: putTimes, firstRevision: firstRevision, since: putsStarted)
    }

    /// One received event: its revision and when it arrived.
    struct Sample: Sendable {
        var revision: Int64
        var received: UInt64
    }

    /// One watcher: creates its watch, reports ready, and records events until it has them all
    /// (or is cancelled by the drain deadline).
    private func watch(
        on client: EtcdClient, expecting count: Int, ready: AsyncStream<Void>.Continuation, clock: BenchmarkClock
    ) async throws -> [Sample] {
        let stream = try await client.watch()
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(prefix.utf8)
        create.rangeEnd = KeyRange.prefixEnd(create.key)
        var request = Etcdserverpb_WatchRequest()
        request.requestUnion = .createRequest(create)
        try await stream.send(request)
        var samples: [Sample] = []
        samples.reserveCapacity(count)
        var signalled = false
        do {
            for try await response in stream.responses {
                if response.created && !signalled {
                    signalled = true
                    ready.yield()
                }
                let now = clock.nanoseconds
                for event in response.events { samples.append(Sample(revision: event.kv.modRevision, received: now)) }
                if samples.count >= count { break }
            }
        } catch where Task.isCancelled {
            // The drain deadline passed: report what arrived.
        }
        stream.cancel()
        return samples
    }

    private func summarize(_ outcomes: [[Sample]], putTimes: [Int64: UInt64], firstRevision: Int64, since start: UInt64)
        -> Result
    {
        var lastArrival = start
        var latencies: [UInt64] = []
        latencies.reserveCapacity(watchers * puts)
        var unexpected = 0
        var received = 0
        for samples in outcomes {
            var last: Int64 = firstRevision - 1
            for sample in samples {
                received += 1
                guard sample.revision > last, let sent = putTimes[sample.revision] else {
                    unexpected += 1
                    continue
                }
                last = sample.revision
                lastArrival = max(lastArrival, sample.received)
                latencies.append(sample.received >= sent ? sample.received - sent : 0)
            }
        }
        let expected = watchers * puts
        let elapsed = Double(lastArrival - start) / 1e9
        return Result(
            watchers: watchers, puts: puts, expectedEvents: expected, receivedEvents: received,
            missingEvents: expected - latencies.count, unexpectedEvents: unexpected,
            latency: LatencySummary(nanoseconds: latencies),
            eventsPerSecond: elapsed > 0 ? Double(received) / elapsed : 0)
    }
}
