import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOSSL

/// Serves gRPC on one HTTP/2 connection: reads frames straight from `NIOHTTP2Handler` (no child
/// channel per stream), routes each new stream to its method and writes the responses.
///
/// It owns inbound flow control: the DATA it reads is handed to handlers at once, so the windows
/// are given back as soon as half of them is used.
final class GRPCConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    /// Asks a connection to finish: GOAWAY, end the streaming RPCs, close when the rest are done.
    struct DrainEvent: Sendable {}

    private let router: GRPCRouter
    private let receiveLimit: Int
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var executor: EventLoopTaskExecutor?
    private var streams: [HTTP2StreamID: ServerStream] = [:]
    private var highestStreamID: HTTP2StreamID = .rootStream
    private var connectionWindow = InboundWindow(threshold: HTTP2Tuning.connectionWindowBytes / 2)
    private var isReading = false
    private var flushPending = false
    private var flushScheduled = false
    private var draining = false
    /// The client certificate's common name, read from the TLS handler at the first stream.
    private var peerCommonName: String??

    init(router: GRPCRouter, receiveLimit: Int, logger: Logger) {
        self.router = router
        self.receiveLimit = receiveLimit
        self.logger = logger
    }

    var eventLoop: any EventLoop { context!.eventLoop }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        executor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        HTTP2Tuning.raiseConnectionWindow(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        isReading = true
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let headers):
            if let stream = streams[frame.streamID] {
                // Trailers from the client: only END_STREAM matters.
                if headers.endStream { stream.receiveEnd() }
            } else {
                open(frame.streamID, headers: headers)
            }
        case .data(let payload):
            let flowControlled = payload.data.readableBytes + (payload.paddingBytes.map { $0 + 1 } ?? 0)
            acknowledgeConnection(flowControlled)
            guard let stream = streams[frame.streamID] else { break }
            guard case .byteBuffer(let bytes) = payload.data else { break }
            if let increment = stream.receive(bytes, flowControlledLength: flowControlled, endStream: payload.endStream) {
                write(HTTP2Frame(streamID: frame.streamID, payload: .windowUpdate(windowSizeIncrement: increment)), promise: nil)
            }
        case .rstStream:
            streams[frame.streamID]?.cancel()
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        isReading = false
        if flushPending {
            flushPending = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let closed as StreamClosedEvent:
            streams[closed.streamID]?.cancel()
        case is DrainEvent:
            drain()
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for stream in Array(streams.values) { stream.cancel() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOHTTP2Errors.StreamClosed || error is NIOHTTP2Errors.NoSuchStream { return }
        logger.debug("closing gRPC connection after an error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Streams

    private func open(_ id: HTTP2StreamID, headers frame: HTTP2Frame.FramePayload.Headers) {
        highestStreamID = max(highestStreamID, id)
        let headers = frame.headers
        guard !draining else {
            write(HTTP2Frame(streamID: id, payload: .rstStream(.refusedStream)), promise: nil)
            return
        }
        guard let contentType = headers.first(name: "content-type"), contentType.hasPrefix("application/grpc") else {
            let response: HPACKHeaders = [":status": "415", "content-type": "text/plain"]
            write(HTTP2Frame(streamID: id, payload: .headers(.init(headers: response, endStream: true))), promise: nil)
            return
        }
        let path = headers.first(name: ":path") ?? ""
        guard let route = router.routes[path] else {
            refuse(
                id, GRPCStatus(code: .unimplemented, message: Self.unknownMethodMessage(path, services: router.services)),
                clientEnded: frame.endStream)
            return
        }
        if let encoding = headers.first(name: "grpc-encoding"), encoding != "identity" {
            refuse(
                id, GRPCStatus(code: .unimplemented, message: "grpc: Decompressor is not installed for grpc-encoding \"\(encoding)\""),
                clientEnded: frame.endStream)
            return
        }
        var timeout: TimeAmount?
        if let value = headers.first(name: "grpc-timeout") {
            guard let parsed = GRPCTimeout.parse(value) else {
                refuse(id, GRPCStatus(code: .internalError, message: "malformed grpc-timeout: \(value)"), clientEnded: frame.endStream)
                return
            }
            timeout = parsed
        }
        let stream = ServerStream(id: id, route: route, connection: self, receiveLimit: receiveLimit)
        streams[id] = stream
        if let timeout { stream.failAfter(timeout) }
        let callContext = GRPCCallContext(
            service: route.service, method: route.method, headers: headers, peerCommonName: verifiedPeerCommonName())
        stream.start(context: callContext, executor: executor!)
        if frame.endStream { stream.receiveEnd() }
    }

    /// The last CN in the subject of the client's certificate (as Go's `pkix.Name` reads it).
    /// NIOSSL only keeps a peer certificate the server requested and verified.
    private func verifiedPeerCommonName() -> String? {
        if let known = peerCommonName { return known }
        let certificate = try? context?.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate
        let name = certificate?.subjectName.last { $0.type == .commonName }?.value
        peerCommonName = .some(name)
        return name
    }

    /// Answers a stream that never reaches a handler with a trailers-only response.
    private func refuse(_ id: HTTP2StreamID, _ status: GRPCStatus, clientEnded: Bool) {
        var trailers: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
        trailers.add(name: "grpc-status", value: String(status.code.rawValue))
        trailers.add(name: "grpc-message", value: GRPCMessageText.percentEncoded(status.message))
        write(HTTP2Frame(streamID: id, payload: .headers(.init(headers: trailers, endStream: true))), promise: nil)
        if !clientEnded { write(HTTP2Frame(streamID: id, payload: .rstStream(.noError)), promise: nil) }
    }

    private static func unknownMethodMessage(_ path: String, services: Set<String>) -> String {
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return "malformed method name: \"\(path)\"" }
        let service = String(parts[0])
        return services.contains(service) ? "unknown method \(parts[1]) for service \(service)" : "unknown service \(service)"
    }

    /// A stream sent its trailers or was cancelled.
    func streamEnded(_ stream: ServerStream) {
        if streams[stream.id] === stream { streams[stream.id] = nil }
        if draining && streams.isEmpty { closeWhenFlushed() }
    }

    private func drain() {
        guard !draining, let context else { return }
        draining = true
        write(
            HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: highestStreamID, errorCode: .noError, opaqueData: nil)),
            promise: nil)
        for stream in Array(streams.values) where stream.route.kind != .unary {
            stream.fail(GRPCStatus(code: .unavailable, message: "server is shutting down"))
        }
        if streams.isEmpty { closeWhenFlushed() }
    }

    /// Closes the connection after writing what is queued (the last trailers, the GOAWAY):
    /// closing drops writes that were not flushed yet.
    private func closeWhenFlushed() {
        guard let context else { return }
        context.flush()
        context.close(promise: nil)
    }

    // MARK: Writing

    private func acknowledgeConnection(_ bytes: Int) {
        guard let increment = connectionWindow.consume(bytes) else { return }
        write(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment)), promise: nil)
    }

    /// Writes a frame; flushes once per read batch or event-loop turn, not per frame.
    func write(_ frame: HTTP2Frame, promise: EventLoopPromise<Void>?) {
        guard let context else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(wrapOutboundOut(frame), promise: promise)
        if isReading {
            flushPending = true
        } else if !flushScheduled {
            flushScheduled = true
            context.eventLoop.assumeIsolated().execute { [self] in
                flushScheduled = false
                self.context?.flush()
            }
        }
    }
}
