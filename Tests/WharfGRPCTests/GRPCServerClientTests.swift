import EtcdWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import WharfGRPC

/// WharfGRPC's server and client against each other on a loopback port, with etcd's messages as
/// payloads.
@Suite struct GRPCServerClientTests {
    typealias Put = Etcdserverpb_PutRequest
    typealias Range = Etcdserverpb_RangeResponse

    /// Serves `router` on a free port, runs `body` with a connected client, then shuts the server
    /// down gracefully and waits for it.
    func withServer(
        _ router: GRPCRouter, maxReceiveMessageBytes: Int = 1 << 20,
        _ body: (GRPCClient, GRPCServer) async throws -> Void
    ) async throws {
        let server = GRPCServer(
            configuration: GRPCServerConfiguration(port: 0, maxReceiveMessageBytes: maxReceiveMessageBytes),
            router: router, logger: Logger(label: "test"))
        try await withThrowingTaskGroup { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            let client = try await GRPCClient.connect(host: "127.0.0.1", port: port)
            do {
                try await body(client, server)
            } catch {
                await client.close()
                group.cancelAll()
                throw error
            }
            await client.close()
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// A router with a unary `Echo` (puts the key and the caller's `token` metadata in a range
    /// response), a unary `Fail` (throws the status named by the request), a unary `Sleep` (waits
    /// the request's lease in milliseconds), a bidirectional `Chat` and a server-streaming `Flood`.
    static var router: GRPCRouter {
        var router = GRPCRouter()
        router.addUnary(service: "test.Demo", method: "Echo") { (put: Put, context) -> Range in
            var response = Range()
            response.count = Int64(put.key.count)
            var kv = Mvccpb_KeyValue()
            kv.key = put.key
            kv.value = Data((GRPCCallContext.current?[metadata: "token"] ?? "none").utf8)
            response.kvs = [kv]
            return response
        }
        router.addUnary(service: "test.Demo", method: "Fail") { (put: Put, _) -> Range in
            throw GRPCStatus(code: GRPCStatus.Code(rawValue: Int(put.lease))!, message: String(decoding: put.value, as: UTF8.self))
        }
        router.addUnary(service: "test.Demo", method: "Sleep") { (put: Put, _) -> Range in
            try await Task.sleep(for: .milliseconds(put.lease))
            return Range()
        }
        router.addBidirectionalStreaming(service: "test.Demo", method: "Chat") {
            (requests: GRPCMessageStream<Put>, responses: GRPCResponseWriter<Range>, _) in
            for try await put in requests {
                var response = Range()
                response.count = Int64(put.key.count)
                try await responses.write(response)
            }
        }
        router.addServerStreaming(service: "test.Demo", method: "Flood") {
            (put: Put, responses: GRPCResponseWriter<Range>, _) in
            for index in 0..<Int(put.lease) {
                var response = Range()
                response.count = Int64(index)
                var kv = Mvccpb_KeyValue()
                kv.value = Data(repeating: UInt8(index % 251), count: 64 * 1024)
                response.kvs = [kv]
                try await responses.write(response)
            }
        }
        return router
    }

    @Test func unaryCarriesRequestResponseAndMetadata() async throws {
        try await withServer(Self.router) { client, _ in
            var put = Put()
            put.key = Data("hello".utf8)
            let response: Range = try await client.unary("/test.Demo/Echo", put, metadata: [("token", "secret")])
            #expect(response.count == 5)
            #expect(response.kvs.first?.key == Data("hello".utf8))
            #expect(response.kvs.first?.value == Data("secret".utf8))
            // Many calls at once share the connection.
            try await withThrowingTaskGroup { group in
                for index in 0..<200 {
                    group.addTask {
                        var put = Put()
                        put.key = Data(repeating: 1, count: index)
                        let response: Range = try await client.unary("/test.Demo/Echo", put)
                        #expect(response.count == Int64(index))
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func errorsArriveWithTheirCodeAndMessage() async throws {
        try await withServer(Self.router) { client, _ in
            var put = Put()
            put.lease = Int64(GRPCStatus.Code.outOfRange.rawValue)
            put.value = Data("etcdserver: mvcc: required revision has been compacted — 100%".utf8)
            await #expect(throws: GRPCStatus(code: .outOfRange, message: "etcdserver: mvcc: required revision has been compacted — 100%")) {
                let _: Range = try await client.unary("/test.Demo/Fail", put)
            }
            await #expect(throws: GRPCStatus(code: .unimplemented, message: "unknown method Nope for service test.Demo")) {
                let _: Range = try await client.unary("/test.Demo/Nope", put)
            }
            await #expect(throws: GRPCStatus(code: .unimplemented, message: "unknown service other.Service")) {
                let _: Range = try await client.unary("/other.Service/Echo", put)
            }
            // The connection still serves.
            let response: Range = try await client.unary("/test.Demo/Echo", put)
            #expect(response.count == 0)
        }
    }

    @Test func oversizeRequestFailsAloneWithResourceExhausted() async throws {
        try await withServer(Self.router, maxReceiveMessageBytes: 1000) { client, _ in
            var big = Put()
            big.key = Data(repeating: 7, count: 5000)
            do {
                let _: Range = try await client.unary("/test.Demo/Echo", big)
                Issue.record("an oversize request was served")
            } catch let status as GRPCStatus {
                #expect(status.code == .resourceExhausted)
                #expect(status.message.hasPrefix("grpc: received message larger than max"))
            }
            var small = Put()
            small.key = Data(repeating: 7, count: 10)
            let response: Range = try await client.unary("/test.Demo/Echo", small)
            #expect(response.count == 10)
        }
    }

    @Test func bidirectionalStreamAnswersEachRequestInOrder() async throws {
        try await withServer(Self.router) { client, _ in
            let chat: GRPCClientStream<Put, Range> = try await client.bidirectionalStream("/test.Demo/Chat")
            var responses = chat.responses.makeAsyncIterator()
            for length in [3, 0, 17, 1000] {
                var put = Put()
                put.key = Data(repeating: 0, count: length)
                try await chat.send(put)
                let response = try await responses.next()
                #expect(response?.count == Int64(length))
            }
            try await chat.finishSending()
            #expect(try await responses.next() == nil)
        }
    }

    @Test func serverStreamingDeliversMoreThanTheWindowsInOrder() async throws {
        try await withServer(Self.router) { client, _ in
            // 400 x 64 KiB = 25 MiB: past the stream and connection windows and the send buffer.
            var put = Put()
            put.lease = 400
            let flood: GRPCClientStream<Put, Range> = try await client.bidirectionalStream("/test.Demo/Flood")
            try await flood.send(put)
            try await flood.finishSending()
            var expected = 0
            for try await response in flood.responses {
                #expect(response.count == Int64(expected))
                #expect(response.kvs.first?.value.first == UInt8(expected % 251))
                expected += 1
            }
            #expect(expected == 400)
        }
    }

    @Test func grpcTimeoutEndsSlowCallsWithDeadlineExceeded() async throws {
        try await withServer(Self.router) { client, _ in
            var slow = Put()
            slow.lease = 5_000
            let started = ContinuousClock.now
            await #expect(throws: GRPCStatus(code: .deadlineExceeded, message: "context deadline exceeded")) {
                let _: Range = try await client.unary("/test.Demo/Sleep", slow, metadata: [("grpc-timeout", "100m")])
            }
            #expect(ContinuousClock.now - started < .seconds(2))

            var quick = Put()
            quick.lease = 10
            let _: Range = try await client.unary("/test.Demo/Sleep", quick, metadata: [("grpc-timeout", "5S")])
            await #expect(throws: GRPCStatus(code: .internalError, message: "malformed grpc-timeout: soon")) {
                let _: Range = try await client.unary("/test.Demo/Sleep", quick, metadata: [("grpc-timeout", "soon")])
            }
        }
    }

    @Test func timeoutHeaderValues() {
        #expect(GRPCTimeout.parse("2H") == .hours(2))
        #expect(GRPCTimeout.parse("3M") == .minutes(3))
        #expect(GRPCTimeout.parse("99999999n") == .nanoseconds(99_999_999))
        #expect(GRPCTimeout.parse("5u") == .microseconds(5))
        #expect(GRPCTimeout.parse("123456789S") == nil)
        #expect(GRPCTimeout.parse("S") == nil)
        #expect(GRPCTimeout.parse("-1S") == nil)
        #expect(GRPCTimeout.parse("10s") == nil)
    }

    @Test func cancelledCallEndsAndTheServerKeepsServing() async throws {
        try await withServer(Self.router) { client, _ in
            let chat: GRPCClientStream<Put, Range> = try await client.bidirectionalStream("/test.Demo/Chat")
            try await chat.send(Put())
            chat.cancel()
            await #expect(throws: GRPCStatus.self) {
                for try await _ in chat.responses {}
            }
            let response: Range = try await client.unary("/test.Demo/Echo", Put())
            #expect(response.count == 0)
        }
    }

    @Test func gracefulShutdownEndsStreamsWithUnavailableAndReturns() async throws {
        let server = GRPCServer(
            configuration: GRPCServerConfiguration(port: 0), router: Self.router, logger: Logger(label: "test"))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup { group in
                group.addTask { try await server.run() }
                let client = try await GRPCClient.connect(host: "127.0.0.1", port: try await server.listeningPort())
                let chat: GRPCClientStream<Put, Range> = try await client.bidirectionalStream("/test.Demo/Chat")
                var responses = chat.responses.makeAsyncIterator()
                try await chat.send(Put())
                #expect(try await responses.next() != nil)
                trigger.triggerGracefulShutdown()
                await #expect(throws: GRPCStatus(code: .unavailable, message: "server is shutting down")) {
                    _ = try await responses.next()
                }
                try await group.waitForAll()
                await client.close()
            }
        }
    }
}
