/// Why a store refused or failed a request.
///
/// The cases are etcd's own failure modes; the gRPC edge maps each to etcd's status code and exact
/// message, because clients (etcdctl, client libraries, kube-apiserver) match on them.
public enum StoreError: Error, Sendable, Hashable {
    /// A key was required but empty.
    case emptyKey
    /// A put set `ignoreValue` and also carried a value.
    case valueProvided
    /// A put set `ignoreLease` and also carried a lease.
    case leaseProvided
    /// A put with `ignoreValue` or `ignoreLease` addressed a key that does not exist.
    case keyNotFound
    /// A transaction has more operations in one list than the store allows.
    case tooManyOperations
    /// A transaction writes the same key twice (or puts a key it also deletes).
    case duplicateKey
    /// The request is larger than the store accepts.
    case requestTooLarge
    /// The requested revision was removed by compaction.
    case compacted
    /// The requested revision is newer than the store's.
    case futureRevision
    /// The lease does not exist (or has expired).
    case leaseNotFound
    /// A lease with the requested ID exists already.
    case leaseExists
    /// The requested lease TTL exceeds the maximum.
    case leaseTTLTooLarge
    /// The store's size quota is exhausted; only reads, deletes and compaction are served.
    case noSpace
    /// The store cannot serve requests right now (shutting down, or its storage failed).
    case unavailable(String)

    // Authentication and authorization, as etcd's auth store reports them.

    /// Authentication is off, so there is nothing to authenticate against.
    case authNotEnabled
    /// Wrong user name or password.
    case authFailed
    /// A request carried no user (or auth is on and the request is anonymous).
    case userEmpty
    case userAlreadyExists
    case userNotFound
    case roleEmpty
    case roleAlreadyExists
    case roleNotFound
    /// Revoking a role the user does not have.
    case roleNotGranted
    /// Revoking a permission the role does not have.
    case permissionNotGranted
    /// The user may not do this.
    case permissionDenied
    /// Enabling auth needs a `root` user.
    case rootUserNotExist
    /// Enabling auth needs the `root` user to hold the `root` role.
    case rootRoleNotExist
    /// The change would lock the administrator out (e.g. deleting root while auth is on).
    case invalidAuthManagement
    /// The token is unknown or expired.
    case invalidAuthToken
}
