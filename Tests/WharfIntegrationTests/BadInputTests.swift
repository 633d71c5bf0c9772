import EtcdWire
import Foundation
import EtcdClient
import WharfGRPC
import Testing
import WharfTestSupport

/// Brain keeps serving after bad input: garbage on the socket, broken HTTP/2, undecodable protobuf
/// and requests etcd refuses. After each, a put and get on a new connection still work and the
/// process is still running.
@Suite(.serialized) struct BadInputTests {
    // MARK: - Harness

    /// Starts brain, hands it to `body`, then checks that it still serves and stops cleanly.
    private func withBrain(_ body: (BrainProcess) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-bad-input")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.url)
        do {
            try await body(brain)
            try await expectStillServing(brain)
        } catch {
            await brain.stop()
            throw error
        }
        #expect(await brain.stop() == 0, "brain log:\n\(brain.process.output)")
    }

    /// A put and a get of a fresh key over a new connection, and a live process.
    private func expectStillServing(_ brain: BrainProcess) async throws {
        #expect(brain.process.isRunning, "brain exited:\n\(brain.process.output)")
        let key = Data("alive/\(UUID().uuidString)".utf8)
        let value = Data("still here".utf8)
        let stored = try await DifferentialTests.withKVClient(port: brain.clientPort) { kv in
            var put = Etcdserverpb_PutRequest()
            put.key = key
            put.value = value
            _ = try await kv.put(put)
            var range = Etcdserverpb_RangeRequest()
            range.key = key
            return try await kv.range(range).kvs.first?.value
        }
        #expect(stored == value)
        #expect(brain.process.isRunning, "brain exited:\n\(brain.process.output)")
    }

    /// Sends `bytes` on a new raw TCP connection and returns what the server answered before closing.
    private func sendRaw(_ bytes: [UInt8], to brain: BrainProcess) throws -> RawTCPConnection.Reply {
        let connection = try RawTCPConnection(port: brain.clientPort)
        defer { connection.close() }
        do {
            try connection.write(bytes)
        } catch let error as POSIXError where error.code == .EPIPE || error.code == .ECONNRESET {
            // The server hung up before reading everything; the read below sees the close.
        }
        return connection.readUntilClosed(timeout: .seconds(10))
    }

    // MARK: - (a) garbage bytes on the client port

    /// Bytes that are not HTTP/2 at all.
    enum Garbage: String, CaseIterable, Sendable {
        case randomBytes, http1Request, tlsClientHello, zeros

        var bytes: [UInt8] {
            switch self {
            case .randomBytes:
                var random = DifferentialTests.SplitMix(state: 0xBAD)
                return (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
            case .http1Request:
                return Array("GET /etcdserverpb.KV/Range HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello".utf8)
            case .tlsClientHello:
                // A TLS 1.2 record header and the start of a ClientHello, to a plaintext port.
                return [0x16, 0x03, 0x01, 0x00, 0x2F, 0x01, 0x00, 0x00, 0x2B, 0x03, 0x03] + [UInt8](repeating: 0x42, count: 40)
            case .zeros:
                return [UInt8](repeating: 0, count: 64 * 1024)
            }
        }
    }

    @Test(arguments: Garbage.allCases)
    func garbageBytesCloseOnlyThatConnection(garbage: Garbage) async throws {
        try await withBrain { brain in
            let reply = try sendRaw(garbage.bytes, to: brain)
            #expect(reply.closed, "brain kept a \(garbage) connection open (answered \(reply.bytes.count) bytes)")
        }
    }

    // MARK: - (b) an HTTP/2 preface followed by broken frames

    /// The client connection preface (RFC 9113 §3.4).
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// One HTTP/2 frame: 24-bit length, type, flags, 31-bit stream ID, payload (RFC 9113 §4.1).
    static func frame(type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, length: Int? = nil, payload: [UInt8] = []) -> [UInt8] {
        let length = length ?? payload.count
        return [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags]
            + withUnsafeBytes(of: stream.bigEndian, Array.init) + payload
    }

    /// One frame the server sent.
    struct ReceivedFrame {
        var type: UInt8
        var flags: UInt8
        var stream: UInt32
        var payload: ArraySlice<UInt8>
    }

    /// The complete frames in what the server sent (servers send no preface magic).
    static func frames(in bytes: [UInt8]) -> [ReceivedFrame] {
        var frames: [ReceivedFrame] = []
        var offset = 0
        while offset + 9 <= bytes.count {
            let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
            guard offset + 9 + length <= bytes.count else { break }
            let stream = bytes[(offset + 5)..<(offset + 9)].reduce(0) { $0 << 8 | UInt32($1) } & 0x7FFF_FFFF
            frames.append(ReceivedFrame(
                type: bytes[offset + 3], flags: bytes[offset + 4], stream: stream,
                payload: bytes[(offset + 9)..<(offset + 9 + length)]))
            offset += 9 + length
        }
        return frames
    }

    /// The error code of the first GOAWAY frame in what the server sent, if any.
    static func goAwayErrorCode(in bytes: [UInt8]) -> UInt32? {
        guard let goAway = frames(in: bytes).first(where: { $0.type == 0x7 }), goAway.payload.count >= 8 else { return nil }
        return goAway.payload.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Frames a correct server must answer with GOAWAY, and the error code it must give.
    enum BrokenFrames: String, CaseIterable, Sendable {
        case garbageHeaderBlock, dataOnStreamZero, oversizedFrame, truncatedSettings, zeroWindowUpdate

        var frames: [UInt8] {
            switch self {
            case .garbageHeaderBlock:
                // END_HEADERS with an HPACK block that indexes far past the static and dynamic tables.
                return frame(type: 0x1, flags: 0x4, stream: 1, payload: [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xBE, 0xEF])
            case .dataOnStreamZero:
                return frame(type: 0x0, stream: 0, payload: Array("junk".utf8))
            case .oversizedFrame:
                return frame(type: 0x0, stream: 1, length: 0xFF_FFFF) + [UInt8](repeating: 0xAB, count: 1024)
            case .truncatedSettings:
                return frame(type: 0x4, payload: [0x00, 0x03, 0x00])
            case .zeroWindowUpdate:
                return frame(type: 0x8, payload: [0, 0, 0, 0])
            }
        }

        /// RFC 9113 §7: COMPRESSION_ERROR, PROTOCOL_ERROR or FRAME_SIZE_ERROR.
        var errorCode: UInt32 {
            switch self {
            case .garbageHeaderBlock: 0x9
            case .dataOnStreamZero, .zeroWindowUpdate: 0x1
            case .oversizedFrame, .truncatedSettings: 0x6
            }
        }
    }

    @Test(arguments: BrokenFrames.allCases)
    func brokenHTTP2FramesGetGoAway(broken: BrokenFrames) async throws {
        try await withBrain { brain in
            let reply = try sendRaw(Self.preface + Self.frame(type: 0x4) + broken.frames, to: brain)
            #expect(Self.goAwayErrorCode(in: reply.bytes) == broken.errorCode, "\(broken): server sent \(reply.bytes)")
            #expect(reply.closed, "brain kept the connection open after \(broken)")
        }
    }

    // MARK: - (b) continued: broken gRPC framing inside a good HTTP/2 stream, and stalled clients

    /// Request headers for a unary call to `path` on stream 1, HPACK-encoded with static-table names
    /// and plain literal values (RFC 7541), ending the header block.
    static func requestHeaders(path: String) -> [UInt8] {
        func literal(_ string: String) -> [UInt8] { [UInt8(string.utf8.count)] + Array(string.utf8) }
        let block: [UInt8] = [0x83, 0x86]  // :method POST, :scheme http
            + [0x04] + literal(path)  // :path
            + [0x01] + literal("127.0.0.1")  // :authority
            + [0x0F, 0x10] + literal("application/grpc")  // content-type (static index 31)
            + [0x00] + literal("te") + literal("trailers")
        return frame(type: 0x1, flags: 0x4, stream: 1, payload: block)
    }

    /// gRPC request bodies that break gRPC's own message framing (not protobuf).
    enum BrokenMessage: String, CaseIterable, Sendable {
        case lengthBeyondEndOfStream, compressedWithoutEncoding, emptyFrameHeader

        /// DATA frames for stream 1, the last one ending the stream.
        var data: [UInt8] {
            let message: [UInt8] = switch self {
            case .lengthBeyondEndOfStream: [0, 0, 0, 0, 100] + Array("ten bytes!".utf8)  // claims 100 bytes
            case .compressedWithoutEncoding: [1, 0, 0, 0, 2, 0x0A, 0x00]  // compressed flag, no grpc-encoding
            case .emptyFrameHeader: [0, 0, 0]  // not even a whole 5-byte message prefix
            }
            return frame(type: 0x0, flags: 0x1, stream: 1, payload: message)
        }
    }

    @Test(arguments: BrokenMessage.allCases)
    func brokenGRPCMessageFramingEndsOnlyThatStream(broken: BrokenMessage) async throws {
        try await withBrain { brain in
            let connection = try RawTCPConnection(port: brain.clientPort)
            defer { connection.close() }
            try connection.write(
                Self.preface + Self.frame(type: 0x4) + Self.requestHeaders(path: "/etcdserverpb.KV/Put") + broken.data)
            // The stream must end with trailers (HEADERS with END_STREAM) or RST_STREAM; the connection stays up.
            func streamEnded(_ bytes: [UInt8]) -> Bool {
                Self.frames(in: bytes).contains { $0.stream == 1 && ($0.type == 0x3 || ($0.type == 0x1 && $0.flags & 0x1 != 0)) }
            }
            let reply = connection.read(timeout: .seconds(10), until: streamEnded)
            #expect(streamEnded(reply.bytes), "\(broken): stream 1 was never ended; server sent \(reply.bytes)")
            #expect(Self.goAwayErrorCode(in: reply.bytes) == nil, "\(broken): the whole connection was dropped")
            #expect(!reply.closed, "\(broken): the whole connection was closed")
        }
    }

    @Test func stalledAndAbandonedConnectionsDoNotBlockOthers() async throws {
        try await withBrain { brain in
            // Some connect and say nothing, some stop inside the preface, some inside a request body.
            var connections: [RawTCPConnection] = []
            for index in 0..<48 {
                let connection = try RawTCPConnection(port: brain.clientPort)
                switch index % 3 {
                case 0: break
                case 1: try connection.write(Array(Self.preface.prefix(index % Self.preface.count)))
                default:
                    try connection.write(
                        Self.preface + Self.frame(type: 0x4) + Self.requestHeaders(path: "/etcdserverpb.KV/Put")
                            + Self.frame(type: 0x0, stream: 1, payload: [0, 0, 0, 0, 50, 0x0A]))
                }
                connections.append(connection)
            }
            try await expectStillServing(brain)
            // Half of them vanish mid-request; the rest stay stalled while brain keeps serving.
            for connection in connections.prefix(24) { connection.close() }
            try await expectStillServing(brain)
            for connection in connections { connection.close() }
        }
    }

    // MARK: - (c) a gRPC call whose protobuf body does not decode

    /// PutRequest bodies that no protobuf decoder accepts.
    enum MalformedPut: String, CaseIterable, Sendable {
        case invalidWireType, truncatedKey, truncatedVarint, overlongVarint

        var bytes: [UInt8] {
            switch self {
            case .invalidWireType: [0x0F, 0x01]  // field 1 with wire type 7
            case .truncatedKey: [0x0A, 0x10] + Array("short".utf8)  // key claims 16 bytes, has 5
            case .truncatedVarint: [0x18, 0xFF, 0xFF]  // lease: a varint that never ends
            case .overlongVarint: [0x18] + [UInt8](repeating: 0xFF, count: 10) + [0x01]  // 11-byte varint
            }
        }
    }

    /// Calls `path` on 127.0.0.1:`port` with `bytes` as the request message, unencoded.
    /// - Returns: the response message's bytes.
    static func rawUnary(port: Int, _ path: String, _ bytes: [UInt8]) async throws -> [UInt8] {
        let client = try await GRPCClient.connect(host: "127.0.0.1", port: port)
        do {
            let response = try await client.unary(path, encodedRequest: bytes)
            await client.close()
            return response
        } catch {
            await client.close()
            throw error
        }
    }

    @Test(arguments: MalformedPut.allCases)
    func malformedProtobufGetsAnErrorStatus(body: MalformedPut) async throws {
        try await withBrain { brain in
            do {
                let bytes = try await Self.rawUnary(port: brain.clientPort, "/etcdserverpb.KV/Put", body.bytes)
                Issue.record("brain answered a malformed Put (\(body)) with a response: \(bytes)")
            } catch let error as GRPCStatus {
                // etcd (grpc-go) answers Internal "grpc: error unmarshalling request: …", and so does brain.
                #expect(error.code == .internalError, "\(body): \(error)")
                #expect(error.message.hasPrefix("grpc: error unmarshalling request"), "\(body): \(error)")
            }
        }
    }

    @Test func unknownMethodGetsUnimplemented() async throws {
        try await withBrain { brain in
            do {
                _ = try await Self.rawUnary(port: brain.clientPort, "/etcdserverpb.KV/Teleport", [])
                Issue.record("brain answered an unknown method")
            } catch let error as GRPCStatus {
                #expect(error.code == .unimplemented, "\(error)")
                #expect(error.message == "unknown method Teleport for service etcdserverpb.KV", "\(error)")
            }
        }
    }

    // MARK: - (d)–(g) requests etcd refuses, refused with etcd's status

    /// A well-formed request etcd rejects, with the code and message etcd gives.
    enum RefusedRequest: String, CaseIterable, Sendable {
        case oversizedPut, putBeyondTransportLimit, tooManyTxnOps, emptyKeyPut, futureRevisionRange

        /// The status code and, where etcd's own, the exact message (a transport limit's text is the
        /// gRPC library's, which differs between Go and Swift).
        var expected: (code: GRPCStatus.Code, message: String?) {
            switch self {
            case .oversizedPut: (.invalidArgument, "etcdserver: request is too large")
            case .putBeyondTransportLimit: (.resourceExhausted, nil)
            case .tooManyTxnOps: (.invalidArgument, "etcdserver: too many operations in txn request")
            case .emptyKeyPut: (.invalidArgument, "etcdserver: key is not provided")
            case .futureRevisionRange: (.outOfRange, "etcdserver: mvcc: required revision is a future revision")
            }
        }

        static func put(_ key: String, _ value: Data) -> Etcdserverpb_PutRequest {
            var put = Etcdserverpb_PutRequest()
            put.key = Data(key.utf8)
            put.value = value
            return put
        }

        static func txn(puts count: Int) -> Etcdserverpb_TxnRequest {
            var txn = Etcdserverpb_TxnRequest()
            txn.success = (0..<count).map { index in
                var op = Etcdserverpb_RequestOp()
                op.requestPut = put("txn/\(index)", Data("v".utf8))
                return op
            }
            return txn
        }

        /// Sends the request; it should throw etcd's status.
        func send(on kv: EtcdClient) async throws {
            switch self {
            case .oversizedPut:
                // 1.5 MiB is etcd's default --max-request-bytes; the gRPC limit above it lets the
                // request reach etcd's own check.
                _ = try await kv.put(Self.put("big", Data(repeating: 0x61, count: 1_572_864 + 1024)))
            case .putBeyondTransportLimit:
                // Past --max-request-bytes plus gRPC's 512 KiB allowance, gRPC refuses it (ResourceExhausted).
                _ = try await kv.put(Self.put("huge", Data(repeating: 0x61, count: 3 << 20)))
            case .tooManyTxnOps:
                _ = try await kv.txn(Self.txn(puts: 129))
            case .emptyKeyPut:
                _ = try await kv.put(Self.put("", Data("v".utf8)))
            case .futureRevisionRange:
                var range = Etcdserverpb_RangeRequest()
                range.key = Data("any".utf8)
                range.revision = try await kv.range(range).header.revision + 10
                _ = try await kv.range(range)
            }
        }
    }

    /// Sends `request` to the server on `port`.
    /// - Returns: the status it was refused with (nil if accepted), and whether the store's revision
    ///   stayed where it was.
    static func refusal(of request: RefusedRequest, port: Int) async throws -> (error: GRPCStatus?, unchanged: Bool) {
        try await DifferentialTests.withKVClient(port: port) { kv in
            var everything = Etcdserverpb_RangeRequest()
            everything.key = Data([0])
            everything.rangeEnd = Data([0])
            let revision = try await kv.range(everything).header.revision
            var refusal: GRPCStatus?
            do {
                try await request.send(on: kv)
            } catch let error as GRPCStatus {
                refusal = error
            }
            return (refusal, try await kv.range(everything).header.revision == revision)
        }
    }

    static func expectRefused(_ request: RefusedRequest, _ outcome: (error: GRPCStatus?, unchanged: Bool), by server: String) {
        guard let error = outcome.error else {
            Issue.record("\(server) accepted \(request)")
            return
        }
        #expect(error.code == request.expected.code, "\(server), \(request): \(error)")
        if let message = request.expected.message {
            #expect(error.message == message, "\(server), \(request): \(error)")
        }
        #expect(outcome.unchanged, "\(server): \(request) changed the store")
    }

    @Test(arguments: RefusedRequest.allCases)
    func refusedRequestsGetEtcdsStatus(request: RefusedRequest) async throws {
        // The expectations are etcd's own behaviour: hold etcd 3.4 to them too.
        let directory = try TemporaryDirectory(prefix: "wharf-refused")
        defer { directory.remove() }
        let etcd = try await EtcdProcess.start(in: directory.url)
        do {
            Self.expectRefused(request, try await Self.refusal(of: request, port: etcd.clientPort), by: "etcd")
        } catch {
            await etcd.stop()
            throw error
        }
        await etcd.stop()
        try await withBrain { brain in
            let outcome = try await Self.refusal(of: request, port: brain.clientPort)
            Self.expectRefused(request, outcome, by: "brain")
        }
    }

    @Test func largestAcceptedRequestsStillWork() async throws {
        try await withBrain { brain in
            try await DifferentialTests.withKVClient(port: brain.clientPort) { kv in
                let txn = try await kv.txn(RefusedRequest.txn(puts: 128))
                #expect(txn.succeeded && txn.responses.count == 128)
                let value = Data(repeating: 0x62, count: 1_572_864 - 1024)
                let put = try await kv.put(RefusedRequest.put("big", value))
                var range = Etcdserverpb_RangeRequest()
                range.key = Data("big".utf8)
                let stored = try await kv.range(range).kvs.first
                #expect(stored?.value == value && stored?.modRevision == put.header.revision)
            }
        }
    }
}
