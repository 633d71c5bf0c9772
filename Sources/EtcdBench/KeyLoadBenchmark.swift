public import BenchSupport
import EtcdClient
import EtcdWire
import Foundation
import Synchronization

/// Loads many distinct keys as fast as a set of clients can put them, and reports the server's
/// memory before and after: what a store costs per key it holds.
public struct KeyLoadBenchmark: Sendable {
    public var host: String
    public var port: Int
    /// How many distinct keys to put.
    public var keys = 1_000_000
    /// Bytes per value.
    public var valueSize = 256
    /// Concurrent puts in flight.
    public var clients = 64
    /// Connections the clients share.
    public var connections = 16
    /// Keys are `<prefix><index>`.
    public var prefix = "/wharf-bench/keys/"
    /// The server process whose memory to read (from `/proc`), if known.
    public var serverPID: Int32?

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// What one run measured.
    public struct Result: Sendable, Codable {
        public var keys: Int
        public var valueSize: Int
        public var clients: Int
        public var putsPerSecond: Double
        public var latency: LatencySummary
        /// The server's memory before the first put, and after the last one.
        public var memoryBefore: ProcessMemory?
        public var memoryAfter: ProcessMemory?
    }

    /// Runs the benchmark; `progress` hears how far it is about every tenth of the keys.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Result {
        try await EtcdClient.withConnections(count: connections, host: host, port: port) { connections in
            try await load(on: connections, progress: progress)
        }
    }

    private func load(on connections: [EtcdClient], progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        let memoryBefore = serverPID.flatMap(ProcessMemory.init(pid:))
        let counters = Counters()
        let clock = BenchmarkClock()
        let value = Data(repeating: 0x62, count: valueSize)
        let step = max(keys / 10, 1)
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<clients {
                let connection = connections[client % connections.count]
                group.addTask {
                    var latencies: [UInt64] = []
                    while true {
                        let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < keys else { return latencies }
                        var put = Etcdserverpb_PutRequest()
                        put.key = Data(key(index).utf8)
                        put.value = value
                        let started = clock.nanoseconds
                        _ = try await connection.put(put)
                        latencies.append(clock.nanoseconds - started)
                        let finished = counters.done.wrappingAdd(1, ordering: .relaxed).newValue
                        if finished % step == 0 {
                            let seconds = Double(clock.nanoseconds) / 1e9
                            progress("\(finished)/\(keys) keys, \(Int(Double(finished) / seconds))/s")
                        }
                    }
                }
            }
            var all: [UInt64] = []
            all.reserveCapacity(keys)
            while let some = try await group.next() { all += some }
            return all
        }
        let seconds = Double(clock.nanoseconds) / 1e9
        return Result(
            keys: keys, valueSize: valueSize, clients: clients,
            putsPerSecond: seconds > 0 ? Double(keys) / seconds : 0,
            latency: LatencySummary(nanoseconds: latencies),
            memoryBefore: memoryBefore, memoryAfter: serverPID.flatMap(ProcessMemory.init(pid:)))
    }

    /// Keys handed out and keys put, shared by the client tasks.
    private final class Counters: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
    }

    /// The key with an index: the prefix and the index in eight digits, so keys sort by index.
    func key(_ index: Int) -> String {
        let digits = String(index)
        return prefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
