import NIOCore
import NIOHPACK
import NIOHTTP2

/// One RPC on a connection: the HTTP/2 stream's state on the server side.
///
/// Lives on the connection's event loop; handler tasks reach it through ``ServerStreamHandle``.
final class ServerStream {
    let id: HTTP2StreamID
    let route: GRPCRouter.Route
    private unowned let connection: GRPCConnectionHandler
    private var inbound: InboundMessages
    private var task: Task<Void, Never>?
    private var sentHeaders = false
    private(set) var isFinished = false
    /// Whether the client has half-closed (sent END_STREAM).
    var clientEnded: Bool { inbound.ended }
    /// Response bytes handed to HTTP/2 but not yet written to the socket.
    private var unsentBytes = 0
    /// A writer waiting for ``unsentBytes`` to drain.
    private var parkedWriter: UnsafeContinuation<Void, any Error>?
    /// Ends the RPC when the client's `grpc-timeout` passes.
    private var deadline: Scheduled<Void>?

    init(id: HTTP2StreamID, route: GRPCRouter.Route, connection: GRPCConnectionHandler, receiveLimit: Int) {
        self.id = id
        self.route = route
        self.connection = connection
        inbound = InboundMessages(
            queue: MessageQueue(), receiveLimit: receiveLimit,
            windowUpdateThreshold: HTTP2Tuning.windowUpdateThreshold)
    }

    /// Starts the handler task.
    func start(context: GRPCCallContext, executor: EventLoopTaskExecutor) {
        route.metrics.recordStarted()
        let handle = ServerStreamHandle(eventLoop: executor.eventLoop, stream: NIOLoopBound(self, eventLoop: executor.eventLoop))
        let messages = inbound.queue
        let body = route.body
        let work: @Sendable () async -> Void = {
            let status: GRPCStatus
            do {
                try await GRPCCallContext.$current.withValue(context) {
                    try await body(messages, handle, context)
                }
                status = .ok
            } catch {
                status = GRPCStatus(error)
            }
            handle.finish(status)
        }
        switch route.executor {
        case .eventLoop: task = Task(executorPreference: executor, operation: work)
        case .global: task = Task(executorPreference: globalConcurrentExecutor, operation: work)
        }
    }

    /// Takes a DATA frame's payload; returns the stream window to give back, if it is time to.
    func receive(_ bytes: ByteBuffer, flowControlledLength: Int, endStream: Bool) -> Int? {
        guard !isFinished else { return nil }
        do {
            return try inbound.receive(bytes, flowControlledLength: flowControlledLength, endStream: endStream)
        } catch {
            fail(error)
            return nil
        }
    }

    /// The client half-closed.
    func receiveEnd() {
        do {
            try inbound.end()
        } catch {
            fail(error)
        }
    }

    /// Ends the RPC with `deadline exceeded` if it still runs after `timeout`, as the client gave
    /// up on it by then.
    func failAfter(_ timeout: TimeAmount) {
        deadline = connection.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            fail(GRPCStatus(code: .deadlineExceeded, message: "context deadline exceeded"))
        }
    }

    /// Ends the RPC with an error status before or while its handler runs.
    func fail(_ status: GRPCStatus) {
        inbound.queue.finish(status)
        task?.cancel()
        finish(status)
    }

    /// Queues one framed response message, sending the response headers first.
    ///
    /// - Returns: false when the stream has more unsent bytes than it may buffer; the caller then
    ///   parks with ``park(_:)``.
    func write(_ framed: ByteBuffer) throws -> Bool {
        guard !isFinished else { throw GRPCStatus(code: .cancelled, message: "context canceled") }
        sendHeadersIfNeeded()
        let size = framed.readableBytes
        if route.kind == .unary {
            connection.write(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(framed)))), promise: nil)
            return true
        }
        unsentBytes += size
        let promise = connection.eventLoop.makePromise(of: Void.self)
        promise.futureResult.assumeIsolated().whenComplete { [self] _ in
            unsentBytes -= size
            if unsentBytes <= HTTP2Tuning.streamBufferBytes / 2, let writer = parkedWriter {
                parkedWriter = nil
                writer.resume()
            }
        }
        connection.write(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(framed)))), promise: promise)
        return unsentBytes <= HTTP2Tuning.streamBufferBytes
    }

    /// Parks a writer until the unsent bytes drain (or the RPC ends).
    func park(_ writer: UnsafeContinuation<Void, any Error>) {
        if isFinished {
            writer.resume(throwing: GRPCStatus(code: .cancelled, message: "context canceled"))
        } else if unsentBytes <= HTTP2Tuning.streamBufferBytes / 2 {
            writer.resume()
        } else {
            parkedWriter = writer
        }
    }

    /// Sends the trailers with the final status and retires the stream.
    func finish(_ status: GRPCStatus) {
        guard !isFinished else { return }
        isFinished = true
        route.metrics.recordHandled(status.code)
        var trailers: HPACKHeaders
        if sentHeaders {
            trailers = HPACKHeaders()
        } else {
            trailers = Self.responseHeaders
            sentHeaders = true
        }
        trailers.add(name: "grpc-status", value: String(status.code.rawValue))
        if !status.message.isEmpty {
            trailers.add(name: "grpc-message", value: GRPCMessageText.percentEncoded(status.message))
        }
        connection.write(HTTP2Frame(streamID: id, payload: .headers(.init(headers: trailers, endStream: true))), promise: nil)
        if !clientEnded {
            // The client may still be sending; tell it the RPC is over, as grpc-go does.
            connection.write(HTTP2Frame(streamID: id, payload: .rstStream(.noError)), promise: nil)
        }
        endStream(resumingWriterWith: GRPCStatus(code: .cancelled, message: "context canceled"))
    }

    /// The client reset the stream or the connection went away: stop the handler, send nothing.
    func cancel() {
        guard !isFinished else { return }
        isFinished = true
        route.metrics.recordHandled(.cancelled)
        let status = GRPCStatus(code: .cancelled, message: "context canceled")
        inbound.queue.finish(status)
        task?.cancel()
        endStream(resumingWriterWith: status)
    }

    private func endStream(resumingWriterWith status: GRPCStatus) {
        task = nil
        deadline?.cancel()
        deadline = nil
        if let writer = parkedWriter {
            parkedWriter = nil
            writer.resume(throwing: status)
        }
        connection.streamEnded(self)
    }

    private func sendHeadersIfNeeded() {
        guard !sentHeaders else { return }
        sentHeaders = true
        connection.write(HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.responseHeaders))), promise: nil)
    }

    private static let responseHeaders: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
}

/// A handler task's way to its stream: every call lands on the stream's event loop.
struct ServerStreamHandle: Sendable {
    let eventLoop: any EventLoop
    let stream: NIOLoopBound<ServerStream>

    /// Queues a framed response message, waiting while the stream's buffer is full.
    func write(_ framed: ByteBuffer) async throws {
        if eventLoop.inEventLoop, try stream.value.write(framed) { return }
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            if eventLoop.inEventLoop {
                stream.value.park(continuation)
                return
            }
            eventLoop.execute {
                do {
                    if try stream.value.write(framed) {
                        continuation.resume()
                    } else {
                        stream.value.park(continuation)
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Ends the RPC with a status.
    func finish(_ status: GRPCStatus) {
        if eventLoop.inEventLoop {
            stream.value.finish(status)
        } else {
            eventLoop.execute { stream.value.finish(status) }
        }
    }
}
