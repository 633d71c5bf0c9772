import NIOCore
import NIOHPACK
import NIOHTTP2

/// The client end of a gRPC connection: opens a stream per call on the HTTP/2 connection, writes
/// requests, and feeds each call's response queue until the trailers give its status.
final class GRPCClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private let authority: String
    private let receiveLimit: Int
    private var context: ChannelHandlerContext?
    private var streams: [HTTP2StreamID: InboundMessages] = [:]
    private var nextStreamID: HTTP2StreamID = 1
    private var connectionWindow = InboundWindow(threshold: HTTP2Tuning.connectionWindowBytes / 2)
    /// Why new calls fail, once the connection is going away.
    private var unusable: GRPCStatus?

    init(authority: String, receiveLimit: Int) {
        self.authority = authority
        self.receiveLimit = receiveLimit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        HTTP2Tuning.raiseConnectionWindow(context)
        context.fireChannelActive()
    }

    // MARK: Calls

    /// Opens a stream for a call and sends its headers (and first message, if given).
    func open(
        path: String, metadata: [(String, String)], responses: MessageQueue, first: ByteBuffer?, end: Bool
    ) throws -> HTTP2StreamID {
        guard let context, unusable == nil else {
            throw unusable ?? GRPCStatus(code: .unavailable, message: "grpc: the connection is closed")
        }
        let id = nextStreamID
        nextStreamID = id.advanced(by: 2)
        if nextStreamID >= .maxID {
            unusable = GRPCStatus(code: .unavailable, message: "grpc: the connection ran out of stream IDs")
        }
        var headers: HPACKHeaders = [
            ":method": "POST", ":scheme": "http", ":path": path, ":authority": authority,
            "content-type": "application/grpc", "te": "trailers",
        ]
        for (name, value) in metadata { headers.add(name: name, value: value) }
        streams[id] = InboundMessages(
            queue: responses, receiveLimit: receiveLimit, windowUpdateThreshold: HTTP2Tuning.windowUpdateThreshold)
        context.write(
            wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: headers, endStream: first == nil && end)))),
            promise: nil)
        if let first {
            context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(first), endStream: end)))), promise: nil)
        }
        context.flush()
        return id
    }

    /// Sends a request message and/or the end of the requests on a call's stream.
    func send(_ id: HTTP2StreamID, message: ByteBuffer?, end: Bool) throws {
        guard let context, streams[id] != nil else {
            throw GRPCStatus(code: .cancelled, message: "grpc: the call has ended")
        }
        let payload = message ?? ByteBuffer()
        context.writeAndFlush(
            wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(payload), endStream: end)))),
            promise: nil)
    }

    /// Abandons a call: resets its stream and ends its responses with `cancelled`.
    func cancel(_ id: HTTP2StreamID) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        stream.queue.finish(GRPCStatus(code: .cancelled, message: "grpc: the call was cancelled"))
        context?.writeAndFlush(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .rstStream(.cancel))), promise: nil)
    }

    // MARK: Frames

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let payload):
            receiveHeaders(payload, on: frame.streamID)
        case .data(let payload):
            let flowControlled = payload.data.readableBytes + (payload.paddingBytes.map { $0 + 1 } ?? 0)
            if let increment = connectionWindow.consume(flowControlled) {
                context.write(
                    wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))),
                    promise: nil)
            }
            guard var stream = streams[frame.streamID], case .byteBuffer(let bytes) = payload.data else { break }
            do {
                // END_STREAM on DATA without trailers is a broken response; the status decides.
                if let increment = try stream.receive(bytes, flowControlledLength: flowControlled, endStream: false) {
                    context.write(
                        wrapOutboundOut(HTTP2Frame(streamID: frame.streamID, payload: .windowUpdate(windowSizeIncrement: increment))),
                        promise: nil)
                }
                streams[frame.streamID] = stream
                if payload.endStream {
                    finish(frame.streamID, GRPCStatus(code: .internalError, message: "grpc: the server ended the stream without a status"))
                }
            } catch {
                stream.queue.finish(error)
                cancel(frame.streamID)
            }
        case .rstStream(let code):
            let status: GRPCStatus.Code = code == .cancel ? .cancelled : .unavailable
            finish(frame.streamID, GRPCStatus(code: status, message: "grpc: the server reset the stream (\(code))"))
        case .goAway(let lastStreamID, _, _):
            unusable = GRPCStatus(code: .unavailable, message: "grpc: the server is going away")
            for id in streams.keys where id > lastStreamID {
                finish(id, GRPCStatus(code: .unavailable, message: "grpc: the server went away before serving the call"))
            }
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        unusable = GRPCStatus(code: .unavailable, message: "grpc: the connection is closed")
        for id in Array(streams.keys) { finish(id, unusable!) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOHTTP2Errors.StreamClosed || error is NIOHTTP2Errors.NoSuchStream { return }
        context.close(promise: nil)
    }

    private func receiveHeaders(_ payload: HTTP2Frame.FramePayload.Headers, on id: HTTP2StreamID) {
        let headers = payload.headers
        if let code = headers.first(name: "grpc-status") {
            let status = GRPCStatus(
                code: Int(code).flatMap(GRPCStatus.Code.init(rawValue:)) ?? .unknown,
                message: headers.first(name: "grpc-message").map(GRPCMessageText.percentDecoded) ?? "")
            finish(id, status)
        } else if let httpStatus = headers.first(name: ":status"), httpStatus != "200" {
            finish(id, GRPCStatus(code: .unknown, message: "grpc: the server answered HTTP status \(httpStatus)"))
        } else if payload.endStream {
            finish(id, GRPCStatus(code: .internalError, message: "grpc: the server ended the stream without a status"))
        }
    }

    /// Ends a call with the server's status.
    private func finish(_ id: HTTP2StreamID, _ status: GRPCStatus) {
        guard var stream = streams.removeValue(forKey: id) else { return }
        if status.code == .ok {
            do {
                try stream.end()
            } catch {
                stream.queue.finish(error)
            }
        } else {
            stream.queue.finish(status)
        }
    }
}
