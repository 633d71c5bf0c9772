/// A gRPC status: the code and message an RPC ends with, carried in the `grpc-status` and
/// `grpc-message` trailers. Thrown by handlers to end an RPC with that status.
public struct GRPCStatus: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status codes of the gRPC protocol.
    public enum Code: Int, Sendable, Hashable {
        case ok = 0
        case cancelled = 1
        case unknown = 2
        case invalidArgument = 3
        case deadlineExceeded = 4
        case notFound = 5
        case alreadyExists = 6
        case permissionDenied = 7
        case resourceExhausted = 8
        case failedPrecondition = 9
        case aborted = 10
        case outOfRange = 11
        case unimplemented = 12
        case internalError = 13
        case unavailable = 14
        case dataLoss = 15
        case unauthenticated = 16

        /// grpc-go's name for the code, as go-grpc-prometheus labels it (`grpc_code`).
        public var goName: String {
            switch self {
            case .ok: "OK"
            case .cancelled: "Canceled"
            case .unknown: "Unknown"
            case .invalidArgument: "InvalidArgument"
            case .deadlineExceeded: "DeadlineExceeded"
            case .notFound: "NotFound"
            case .alreadyExists: "AlreadyExists"
            case .permissionDenied: "PermissionDenied"
            case .resourceExhausted: "ResourceExhausted"
            case .failedPrecondition: "FailedPrecondition"
            case .aborted: "Aborted"
            case .outOfRange: "OutOfRange"
            case .unimplemented: "Unimplemented"
            case .internalError: "Internal"
            case .unavailable: "Unavailable"
            case .dataLoss: "DataLoss"
            case .unauthenticated: "Unauthenticated"
            }
        }
    }

    /// The status code.
    public var code: Code
    /// The human-readable message; clients such as etcdctl match on its text.
    public var message: String

    /// Creates a status.
    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// The status of a successful RPC.
    public static let ok = GRPCStatus(code: .ok)

    public var description: String { "\(code.goName): \(message)" }

    /// The status an error ends an RPC with: its own for ``GRPCStatusConvertible`` errors, Unknown
    /// otherwise.
    public init(_ error: any Error) {
        switch error {
        case let status as GRPCStatus: self = status
        case let convertible as any GRPCStatusConvertible: self = convertible.grpcStatus
        case is CancellationError: self.init(code: .cancelled, message: "context canceled")
        default: self.init(code: .unknown, message: String(describing: error))
        }
    }
}

/// An error that knows the gRPC status it ends an RPC with, so domain errors choose their code and
/// message without the transport knowing them.
public protocol GRPCStatusConvertible: Error {
    /// The status sent to the client.
    var grpcStatus: GRPCStatus { get }
}
