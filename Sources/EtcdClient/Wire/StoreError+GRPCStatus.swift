import StoreCore
import WharfGRPC

extension StoreError {
    /// The store error a failed etcd call stands for.
    ///
    /// A status whose code and message are one of etcd's errors (`rpctypes`, which brain's
    /// `EtcdService` sends too) becomes that case, and gRPC's "received message larger than max"
    /// becomes ``StoreError/requestTooLarge``. Everything else becomes
    /// ``StoreError/unavailable(_:)``: the transport failing (connection refused or lost, a reset
    /// stream, `Unavailable`, `DeadlineExceeded`), etcd's transient errors ("request timed out",
    /// "leader changed", "too many requests"), and statuses this client does not know. That case
    /// is the one that claims nothing about the request beyond "the store did not serve it"; its
    /// reason keeps the message (prefixed with the code unless it is `Unavailable`).
    init(rpcFailure error: any Error) {
        guard let status = error as? GRPCStatus else {
            self = .unavailable(String(describing: error))
            return
        }
        if let known = Self.etcdErrors[status.message], known.code == status.code {
            self = known.error
        } else if status.code == .resourceExhausted
            && status.message.hasPrefix("grpc: received message larger than max")
        {
            self = .requestTooLarge
        } else if status.code == .unavailable {
            self = .unavailable(status.message)
        } else {
            self = .unavailable(status.description)
        }
    }

    /// etcd's errors by message, with the code etcd sends them with.
    private static let etcdErrors: [String: (code: GRPCStatus.Code, error: StoreError)] = [
        "etcdserver: key is not provided": (.invalidArgument, .emptyKey),
        "etcdserver: value is provided": (.invalidArgument, .valueProvided),
        "etcdserver: lease is provided": (.invalidArgument, .leaseProvided),
        "etcdserver: key not found": (.invalidArgument, .keyNotFound),
        "etcdserver: too many operations in txn request": (.invalidArgument, .tooManyOperations),
        "etcdserver: duplicate key given in txn request": (.invalidArgument, .duplicateKey),
        "etcdserver: request is too large": (.invalidArgument, .requestTooLarge),
        "etcdserver: mvcc: required revision has been compacted": (.outOfRange, .compacted),
        "etcdserver: mvcc: required revision is a future revision": (.outOfRange, .futureRevision),
        "etcdserver: requested lease not found": (.notFound, .leaseNotFound),
        "etcdserver: lease already exists": (.failedPrecondition, .leaseExists),
        "etcdserver: too large lease TTL": (.outOfRange, .leaseTTLTooLarge),
        "etcdserver: mvcc: database space exceeded": (.resourceExhausted, .noSpace),
        "etcdserver: authentication is not enabled": (.failedPrecondition, .authNotEnabled),
        "etcdserver: authentication failed, invalid user ID or password": (.invalidArgument, .authFailed),
        "etcdserver: user name is empty": (.invalidArgument, .userEmpty),
        "etcdserver: user name already exists": (.failedPrecondition, .userAlreadyExists),
        "etcdserver: user name not found": (.failedPrecondition, .userNotFound),
        "etcdserver: role name is empty": (.invalidArgument, .roleEmpty),
        "etcdserver: role name already exists": (.failedPrecondition, .roleAlreadyExists),
        "etcdserver: role name not found": (.failedPrecondition, .roleNotFound),
        "etcdserver: role is not granted to the user": (.failedPrecondition, .roleNotGranted),
        "etcdserver: permission is not granted to the role": (.failedPrecondition, .permissionNotGranted),
        "etcdserver: permission denied": (.permissionDenied, .permissionDenied),
        "etcdserver: root user does not exist": (.failedPrecondition, .rootUserNotExist),
        "etcdserver: root user does not have root role": (.failedPrecondition, .rootRoleNotExist),
        "etcdserver: invalid auth management": (.invalidArgument, .invalidAuthManagement),
        "etcdserver: invalid auth token": (.unauthenticated, .invalidAuthToken),
    ]
}
