import EtcdClient
import EtcdWire
import Foundation
import Testing
import WharfGRPC
import WharfTestSupport

/// Watchers created with `fragment` get large responses in pieces, split exactly as etcd 3.4
/// splits them: the same test runs against both, and the shapes must match. etcd splits at
/// `--max-request-bytes` plus 512 KiB, so the test sets a 64 KiB limit and puts twelve values of
/// 60,000 bytes (about 720 KB in all).
@Suite struct WatchFragmentTests {
    /// What a watcher saw: events per response and which responses were marked `fragment`.
    struct Shape: Equatable, CustomStringConvertible {
        var eventsPerResponse: [Int] = []
        var fragmentFlags: [Bool] = []
        var description: String { "events \(eventsPerResponse), fragment \(fragmentFlags)" }
    }

    /// Puts twelve 60,000-byte values, replays them to a fragmenting and a plain watcher, then
    /// deletes them all in one revision, delivered live with their previous values.
    static func shapes(port: Int) async throws -> (replay: Shape, plainReplay: Shape, liveDelete: Shape) {
        try await EtcdClient.withConnection(host: "127.0.0.1", port: port) { etcd in
            var first: Int64 = 0
            for index in 0..<12 {
                var put = Etcdserverpb_PutRequest()
                put.key = Data("frag/\(index)".utf8)
                put.value = Data(repeating: UInt8(65 + index), count: 60_000)
                let revision = try await etcd.put(put).header.revision
                if index == 0 { first = revision }
            }
            let replay = try await watch(etcd, from: first, fragment: true, prevKV: false, until: 12)
            let plainReplay = try await watch(etcd, from: first, fragment: false, prevKV: false, until: 12)

            let stream = try await etcd.watch()
            try await stream.send(create(from: 0, fragment: true, prevKV: true))
            var responses = stream.responses.makeAsyncIterator()
            #expect(try await responses.next()?.created == true)
            var delete = Etcdserverpb_DeleteRangeRequest()
            delete.key = Data("frag/".utf8)
            delete.rangeEnd = Data("frag0".utf8)
            #expect(try await etcd.deleteRange(delete).deleted == 12)
            var liveDelete = Shape()
            while liveDelete.eventsPerResponse.reduce(0, +) < 12, let response = try await responses.next() {
                liveDelete.eventsPerResponse.append(response.events.count)
                liveDelete.fragmentFlags.append(response.fragment)
                #expect(response.events.allSatisfy { $0.prevKv.value.count == 60_000 })
            }
            stream.cancel()
            return (replay, plainReplay, liveDelete)
        }
    }

    static func create(from revision: Int64, fragment: Bool, prevKV: Bool) -> Etcdserverpb_WatchRequest {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data("frag/".utf8)
        create.rangeEnd = Data("frag0".utf8)
        create.startRevision = revision
        create.fragment = fragment
        create.prevKv = prevKV
        var request = Etcdserverpb_WatchRequest()
        request.requestUnion = .createRequest(create)
        return request
    }

    static func watch(_ etcd: EtcdClient, from revision: Int64, fragment: Bool, prevKV: Bool, until events: Int)
        async throws -> Shape
    {
        let stream = try await etcd.watch()
        try await stream.send(create(from: revision, fragment: fragment, prevKV: prevKV))
        var shape = Shape()
        for try await response in stream.responses where !response.created {
            shape.eventsPerResponse.append(response.events.count)
            shape.fragmentFlags.append(response.fragment)
            if shape.eventsPerResponse.reduce(0, +) >= events { break }
        }
        stream.cancel()
        return shape
    }

    @Test func fragmentsMatchEtcd() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-fragment")
        defer { directory.remove() }
        let limit = ["--max-request-bytes", "65536"]
        let etcd = try await EtcdProcess.start(in: directory.url, extraArguments: limit)
        let brain = try await BrainProcess.start(dataDirectory: directory.url, extraArguments: limit)
        let expected = try await Self.shapes(port: etcd.clientPort)
        let actual = try await Self.shapes(port: brain.clientPort)
        await etcd.stop()
        await brain.stop()
        // The comparison is only meaningful if etcd really fragments here.
        #expect(expected.liveDelete.eventsPerResponse.count > 1)
        #expect(actual.liveDelete == expected.liveDelete)
        #expect(actual.plainReplay == expected.plainReplay)
        // etcd sends a replay that reaches its stream before the `created` answer without
        // fragmenting it (a race in its send loop); brain always fragments as asked, in the
        // same pieces as live responses.
        #expect(actual.replay == expected.liveDelete)
    }
}
