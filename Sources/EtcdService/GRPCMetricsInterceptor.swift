import CoreMetrics
import GRPCCore
import Synchronization

/// Counts RPCs under the names of go-grpc-prometheus, which etcd exports
/// (`grpc_server_started_total`, `grpc_server_handled_total{grpc_code=…}`), so etcd dashboards
/// and alerts work unchanged.
final class GRPCMetricsInterceptor: ServerInterceptor {
    /// The counters of one method, created once: building a counter per call costs a registry
    /// lookup and name sanitizing on the hot path.
    private final class MethodCounters: Sendable {
        let started: Counter
        let labels: [(String, String)]
        let handled: Mutex<[String: Counter]> = Mutex([:])

        init(labels: [(String, String)]) {
            self.labels = labels
            started = Counter(label: "grpc_server_started_total", dimensions: labels)
        }

        func handled(_ code: String) -> Counter {
            handled.withLock { counters in
                if let counter = counters[code] { return counter }
                let counter = Counter(label: "grpc_server_handled_total", dimensions: labels + [("grpc_code", code)])
                counters[code] = counter
                return counter
            }
        }
    }

    private let methods = Mutex<[MethodDescriptor: MethodCounters]>([:])

    private func counters(for method: MethodDescriptor) -> MethodCounters {
        methods.withLock { methods in
            if let counters = methods[method] { return counters }
            let counters = MethodCounters(labels: Self.labels(for: method))
            methods[method] = counters
            return counters
        }
    }

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let counters = counters(for: context.descriptor)
        counters.started.increment()
        var response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            Self.recordHandled(counters, error: error)
            throw error
        }
        switch response.accepted {
        case .success(var contents):
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await producer(writer)
                    Self.recordHandled(counters, error: nil)
                    return trailers
                } catch {
                    Self.recordHandled(counters, error: error)
                    throw error
                }
            }
            response.accepted = .success(contents)
        case .failure(let error):
            Self.recordHandled(counters, error: error)
        }
        return response
    }

    private static func labels(for method: MethodDescriptor) -> [(String, String)] {
        let type: String =
            switch method.method {
            case "Watch", "LeaseKeepAlive": "bidi_stream"
            case "Snapshot": "server_stream"
            default: "unary"
            }
        return [("grpc_type", type), ("grpc_service", method.service.fullyQualifiedService), ("grpc_method", method.method)]
    }

    private static func recordHandled(_ counters: MethodCounters, error: (any Error)?) {
        let code: RPCError.Code? =
            switch error {
            case nil: nil
            case let error as RPCError: error.code
            case let error as any RPCErrorConvertible: error.rpcErrorCode
            default: .unknown
            }
        counters.handled(goName(code)).increment()
    }

    /// grpc-go's name for a status code (nil is OK).
    private static func goName(_ code: RPCError.Code?) -> String {
        guard let code else { return "OK" }
        switch code {
        case .cancelled: return "Canceled"
        case .unknown: return "Unknown"
        case .invalidArgument: return "InvalidArgument"
        case .deadlineExceeded: return "DeadlineExceeded"
        case .notFound: return "NotFound"
        case .alreadyExists: return "AlreadyExists"
        case .permissionDenied: return "PermissionDenied"
        case .resourceExhausted: return "ResourceExhausted"
        case .failedPrecondition: return "FailedPrecondition"
        case .aborted: return "Aborted"
        case .outOfRange: return "OutOfRange"
        case .unimplemented: return "Unimplemented"
        case .internalError: return "Internal"
        case .unavailable: return "Unavailable"
        case .dataLoss: return "DataLoss"
        case .unauthenticated: return "Unauthenticated"
        default: return "Unknown"
        }
    }
}
