import Foundation
import StoreCore

/// One key's change at a revision: the physical effect of a put or delete, as the write-ahead log
/// records it and recovery replays it.
struct Change: Sendable, Equatable {
    /// The kind of change.
    enum Kind: Sendable, Equatable {
        /// The key now holds this pair.
        case put(KeyValue)
        /// The key was deleted.
        case delete(Data)
    }

    var kind: Kind

    /// The key changed.
    var key: Data {
        switch kind {
        case .put(let kv): kv.key
        case .delete(let key): key
        }
    }
}
