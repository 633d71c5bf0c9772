import BenchSupport
import EtcdBench
import EtcdClient
import EtcdWire
import Foundation
import Testing
import WharfTestSupport

/// `wharf bench etcd`'s load generators against a real brain: they must count what really
/// happened, or the benchmark tables lie.
@Suite struct LoadGeneratorTests {
    @Test func fanOutSeesEveryEventOnceAndKeyLoadPutsEveryKey() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-loadgen")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.url)

        var fanOut = WatchFanOutBenchmark(host: "127.0.0.1", port: brain.clientPort)
        fanOut.watchers = 40
        fanOut.connections = 3
        fanOut.puts = 8
        fanOut.rate = 200
        let watched = try await fanOut.run()
        #expect(watched.expectedEvents == 320)
        #expect(watched.receivedEvents == 320)
        #expect(watched.missingEvents == 0 && watched.unexpectedEvents == 0)
        #expect(watched.latency.count == 320 && watched.latency.p50 > 0 && watched.latency.p50 <= watched.latency.max)

        var load = KeyLoadBenchmark(host: "127.0.0.1", port: brain.clientPort)
        load.keys = 500
        load.clients = 8
        load.connections = 2
        load.serverPID = brain.process.pid
        let loaded = try await load.run()
        #expect(loaded.latency.count == 500)
        #expect((loaded.memoryBefore?.residentKiB ?? 0) > 0)
        #expect((loaded.memoryAfter?.peakKiB ?? 0) >= (loaded.memoryAfter?.residentKiB ?? .max))

        let count = try await EtcdClient.withConnection(host: "127.0.0.1", port: brain.clientPort) { etcd in
            var range = Etcdserverpb_RangeRequest()
            range.key = Data(load.prefix.utf8)
            range.rangeEnd = Data(load.prefix.utf8.dropLast()) + Data([UInt8(ascii: "/") + 1])
            range.countOnly = true
            return try await etcd.range(range).count
        }
        #expect(count == 500)
        await brain.stop()
    }
}
