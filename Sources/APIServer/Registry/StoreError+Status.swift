public import KubeModel
public import StoreCore

extension StoreError {
    /// The `Status` a client sees when the store fails a request.
    public var status: StatusError {
        switch self {
        case .compacted:
            return .resourceExpired("The resourceVersion for the provided watch is too old.")
        case .unavailable(let reason):
            return StatusError(code: 503, reason: "ServiceUnavailable", message: "storage is unavailable: \(reason)", retryAfterSeconds: 1)
        case .futureRevision:
            return .tooLargeResourceVersion()
        case .requestTooLarge:
            return .requestEntityTooLarge(limit: 1_572_864)
        case .noSpace:
            return .internalError("etcdserver: mvcc: database space exceeded")
        default:
            return .internalError("storage: \(self)")
        }
    }
}
