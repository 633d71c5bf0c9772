public import SwiftProtobuf

/// The methods a ``GRPCServer`` serves, by path (`/package.Service/Method`).
///
/// Handlers run as Swift tasks that prefer the connection's event loop, so a handler that does
/// not suspend runs start to finish on the thread that read the request, with no thread hop.
/// Handlers that do long blocking work (a snapshot, a defragmentation) choose
/// ``HandlerExecutor/global`` so they never hold up a connection's other streams.
///
/// ```swift
/// var router = GRPCRouter()
/// router.addUnary(service: "etcdserverpb.KV", method: "Range") { (request: Etcdserverpb_RangeRequest, context) in
///     try await kv.range(request)
/// }
/// let server = GRPCServer(configuration: .init(port: 2379), router: router, logger: logger)
/// ```
public struct GRPCRouter: Sendable {
    /// Where a handler's task runs.
    public enum HandlerExecutor: Sendable {
        /// On the event loop of the connection (the default: cheapest for short handlers).
        case eventLoop
        /// On Swift's global concurrent executor (for handlers that block).
        case global
    }

    /// The kinds of gRPC method, with go-grpc-prometheus's `grpc_type` label.
    public enum MethodKind: String, Sendable {
        case unary = "unary"
        case serverStreaming = "server_stream"
        case clientStreaming = "client_stream"
        case bidirectionalStreaming = "bidi_stream"
    }

    private(set) var routes: [String: Route] = [:]

    /// Creates an empty router.
    public init() {}

    /// The names of the services that have at least one method.
    public var services: Set<String> { Set(routes.values.map(\.service)) }

    /// Adds a method that takes one request and returns one response.
    public mutating func addUnary<Request: Message & Sendable, Response: Message & Sendable>(
        service: String,
        method: String,
        executor: HandlerExecutor = .eventLoop,
        _ handler: @escaping @Sendable (Request, GRPCCallContext) async throws -> Response
    ) {
        add(service: service, method: method, kind: .unary, executor: executor) { messages, writer, context in
            let request = try await messages.single(Request.self, role: "request")
            let response = try await handler(request, context)
            try await writer.write(GRPCFraming.framed(response))
        }
    }

    /// Adds a method that takes one request and streams responses.
    public mutating func addServerStreaming<Request: Message & Sendable, Response: Message & Sendable>(
        service: String,
        method: String,
        executor: HandlerExecutor = .eventLoop,
        _ handler: @escaping @Sendable (Request, GRPCResponseWriter<Response>, GRPCCallContext) async throws -> Void
    ) {
        add(service: service, method: method, kind: .serverStreaming, executor: executor) { messages, writer, context in
            let request = try await messages.single(Request.self, role: "request")
            try await handler(request, GRPCResponseWriter(stream: writer), context)
        }
    }

    /// Adds a method with a stream of requests and a stream of responses.
    public mutating func addBidirectionalStreaming<Request: Message & Sendable, Response: Message & Sendable>(
        service: String,
        method: String,
        executor: HandlerExecutor = .eventLoop,
        _ handler: @escaping @Sendable (
            GRPCMessageStream<Request>, GRPCResponseWriter<Response>, GRPCCallContext
        ) async throws -> Void
    ) {
        add(service: service, method: method, kind: .bidirectionalStreaming, executor: executor) {
            messages, writer, context in
            try await handler(GRPCMessageStream(messages: messages), GRPCResponseWriter(stream: writer), context)
        }
    }

    private mutating func add(
        service: String, method: String, kind: MethodKind, executor: HandlerExecutor,
        body: @escaping Route.Body
    ) {
        routes["/\(service)/\(method)"] = Route(
            service: service, method: method, kind: kind, executor: executor, body: body,
            metrics: RouteMetrics(service: service, method: method, kind: kind))
    }

    /// One served method.
    struct Route: Sendable {
        typealias Body = @Sendable (MessageQueue, ServerStreamHandle, GRPCCallContext) async throws -> Void
        let service: String
        let method: String
        let kind: MethodKind
        let executor: HandlerExecutor
        let body: Body
        let metrics: RouteMetrics
    }
}
