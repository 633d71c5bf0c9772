import CoreMetrics
import Synchronization

/// One method's RPC counters under go-grpc-prometheus's names, which etcd exports
/// (`grpc_server_started_total`, `grpc_server_handled_total{grpc_code=…}`), so etcd dashboards and
/// alerts work unchanged. Created once per method: building a counter per call would cost a
/// registry lookup on the hot path.
final class RouteMetrics: Sendable {
    private let started: Counter
    private let labels: [(String, String)]
    private let handled: Mutex<[GRPCStatus.Code: Counter]> = Mutex([:])

    init(service: String, method: String, kind: GRPCRouter.MethodKind) {
        labels = [("grpc_type", kind.rawValue), ("grpc_service", service), ("grpc_method", method)]
        started = Counter(label: "grpc_server_started_total", dimensions: labels)
    }

    func recordStarted() {
        started.increment()
    }

    func recordHandled(_ code: GRPCStatus.Code) {
        let counter = handled.withLock { counters in
            if let counter = counters[code] { return counter }
            let counter = Counter(label: "grpc_server_handled_total", dimensions: labels + [("grpc_code", code.goName)])
            counters[code] = counter
            return counter
        }
        counter.increment()
    }
}
