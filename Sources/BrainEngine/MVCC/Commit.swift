import StoreCore

/// The writes of one revision: what a put, delete or transaction changed, in order.
struct Commit: Sendable, Equatable {
    var revision: Revision
    var changes: [Change]
}
