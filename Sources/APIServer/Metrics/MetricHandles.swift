import CoreMetrics
import Synchronization

/// swift-metrics handles kept per name and label set. Creating a `Counter` or `Timer` asks the
/// metrics factory every time (the Prometheus one checks the names and labels), which cost about
/// 4% of a create's CPU when every request did it.
final class MetricHandles: Sendable {
    /// The handles of this process, for the factory bootstrapped at start-up.
    static let shared = MetricHandles()

    private let handles = Mutex<[[String]: any Sendable]>([:])

    /// The counter `label` with `dimensions`.
    func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        self.handle(label, dimensions, make: Counter.init(label:dimensions:))
    }

    /// The timer `label` with `dimensions`.
    func timer(_ label: String, _ dimensions: [(String, String)]) -> Timer {
        self.handle(label, dimensions, make: Timer.init(label:dimensions:))
    }

    private func handle<Handle: Sendable>(
        _ label: String, _ dimensions: [(String, String)], make: (String, [(String, String)]) -> Handle
    ) -> Handle {
        var key = ["\(Handle.self)", label]
        for (name, value) in dimensions {
            key.append(name)
            key.append(value)
        }
        return self.handles.withLock { handles in
            if let existing = handles[key] as? Handle { return existing }
            let created = make(label, dimensions)
            handles[key] = created
            return created
        }
    }
}

extension Timer {
    /// Records a measured duration.
    func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
