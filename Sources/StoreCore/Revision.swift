/// A store revision: the logical clock that every write to the key space advances by one.
///
/// Revisions start at 1 for an empty store, as in etcd. A transaction that writes several keys
/// produces a single revision.
public typealias Revision = Int64

/// The identifier of a lease; 0 means "no lease".
public typealias LeaseID = Int64

/// The identifier of a watcher within one watch session.
public typealias WatchID = Int64
