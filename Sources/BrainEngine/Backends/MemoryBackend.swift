import Synchronization
import StoreCore

/// A backend that keeps nothing: every group is "durable" at once and a restart starts empty.
/// For tests of the engine's logic and for throwaway stores.
final class MemoryBackend: StorageBackend {
    private let tickets = Atomic<UInt64>(0)

    init() {}

    func recover() throws(StoreError) -> BackendRecovery {
        BackendRecovery(image: nil, groups: [], lastTicket: 0)
    }

    func append(_ records: [LogRecord]) -> UInt64 {
        tickets.add(1, ordering: .relaxed).newValue
    }

    func waitUntilDurable(_ ticket: UInt64) async throws(StoreError) {}

    var durableTicket: UInt64 { tickets.load(ordering: .relaxed) }

    func beginSnapshot() -> UInt64 { durableTicket }

    func writeSnapshot(_ image: StateImage) async throws(StoreError) {}

    var sizeInBytes: Int64 { 0 }

    func close() async {}
}
