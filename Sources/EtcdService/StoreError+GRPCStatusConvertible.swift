public import WharfGRPC
public import StoreCore

/// Each store error becomes etcd's own gRPC status: the code and exact message etcd sends,
/// because clients match on the message text (etcd's `rpctypes`).
extension StoreError: GRPCStatusConvertible {
    public var grpcStatus: GRPCStatus {
        GRPCStatus(code: grpcCode, message: grpcMessage)
    }

    private var grpcCode: GRPCStatus.Code {
        switch self {
        case .emptyKey, .valueProvided, .leaseProvided, .keyNotFound, .tooManyOperations, .duplicateKey,
            .requestTooLarge:
            .invalidArgument
        case .compacted, .futureRevision, .leaseTTLTooLarge: .outOfRange
        case .leaseNotFound: .notFound
        case .leaseExists: .failedPrecondition
        case .noSpace: .resourceExhausted
        case .unavailable: .unavailable
        case .authFailed, .userEmpty, .roleEmpty, .invalidAuthManagement: .invalidArgument
        case .authNotEnabled, .userAlreadyExists, .userNotFound, .roleAlreadyExists, .roleNotFound,
            .roleNotGranted, .permissionNotGranted, .rootUserNotExist, .rootRoleNotExist:
            .failedPrecondition
        case .permissionDenied: .permissionDenied
        case .invalidAuthToken: .unauthenticated
        }
    }

    /// etcd's message for the error.
    var grpcMessage: String {
        switch self {
        case .emptyKey: "etcdserver: key is not provided"
        case .valueProvided: "etcdserver: value is provided"
        case .leaseProvided: "etcdserver: lease is provided"
        case .keyNotFound: "etcdserver: key not found"
        case .tooManyOperations: "etcdserver: too many operations in txn request"
        case .duplicateKey: "etcdserver: duplicate key given in txn request"
        case .requestTooLarge: "etcdserver: request is too large"
        case .compacted: "etcdserver: mvcc: required revision has been compacted"
        case .futureRevision: "etcdserver: mvcc: required revision is a future revision"
        case .leaseNotFound: "etcdserver: requested lease not found"
        case .leaseExists: "etcdserver: lease already exists"
        case .leaseTTLTooLarge: "etcdserver: too large lease TTL"
        case .noSpace: "etcdserver: mvcc: database space exceeded"
        case .unavailable(let reason): reason.hasPrefix("etcdserver:") ? reason : "etcdserver: \(reason)"
        case .authNotEnabled: "etcdserver: authentication is not enabled"
        case .authFailed: "etcdserver: authentication failed, invalid user ID or password"
        case .userEmpty: "etcdserver: user name is empty"
        case .userAlreadyExists: "etcdserver: user name already exists"
        case .userNotFound: "etcdserver: user name not found"
        case .roleEmpty: "etcdserver: role name is empty"
        case .roleAlreadyExists: "etcdserver: role name already exists"
        case .roleNotFound: "etcdserver: role name not found"
        case .roleNotGranted: "etcdserver: role is not granted to the user"
        case .permissionNotGranted: "etcdserver: permission is not granted to the role"
        case .permissionDenied: "etcdserver: permission denied"
        case .rootUserNotExist: "etcdserver: root user does not exist"
        case .rootRoleNotExist: "etcdserver: root user does not have root role"
        case .invalidAuthManagement: "etcdserver: invalid auth management"
        case .invalidAuthToken: "etcdserver: invalid auth token"
        }
    }
}
