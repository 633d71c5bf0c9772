import EtcdService
import StoreCore
import Testing
import WharfGRPC

@testable import EtcdClient

@Suite struct StoreErrorGRPCStatusTests {
    /// Every case with a fixed status (all but `unavailable`).
    static let fixedCases: [StoreError] = [
        .emptyKey, .valueProvided, .leaseProvided, .keyNotFound, .tooManyOperations, .duplicateKey, .requestTooLarge,
        .compacted, .futureRevision, .leaseNotFound, .leaseExists, .leaseTTLTooLarge, .noSpace, .authNotEnabled,
        .authFailed, .userEmpty, .userAlreadyExists, .userNotFound, .roleEmpty, .roleAlreadyExists, .roleNotFound,
        .roleNotGranted, .permissionNotGranted, .permissionDenied, .rootUserNotExist, .rootRoleNotExist,
        .invalidAuthManagement, .invalidAuthToken,
    ]

    /// The client reads back exactly what brain's server sends for each error.
    @Test(arguments: fixedCases)
    func theServersStatusMapsBackToTheSameCase(error: StoreError) {
        #expect(StoreError(rpcFailure: error.grpcStatus) == error)
    }

    @Test func anUnavailableServerKeepsItsReason() {
        let sent = StoreError.unavailable("storage failed")
        #expect(StoreError(rpcFailure: sent.grpcStatus) == .unavailable("etcdserver: storage failed"))
    }

    @Test func grpcsMessageSizeLimitIsRequestTooLarge() {
        let status = GRPCStatus(
            code: .resourceExhausted, message: "grpc: received message larger than max (3145800 vs. 2097152)")
        #expect(StoreError(rpcFailure: status) == .requestTooLarge)
    }

    @Test func transportFailuresAreUnavailable() {
        let closed = GRPCStatus(code: .unavailable, message: "grpc: the connection is closed")
        #expect(StoreError(rpcFailure: closed) == .unavailable("grpc: the connection is closed"))
        let deadline = GRPCStatus(code: .deadlineExceeded, message: "context deadline exceeded")
        #expect(StoreError(rpcFailure: deadline) == .unavailable("DeadlineExceeded: context deadline exceeded"))
        struct Refused: Error, CustomStringConvertible {
            var description: String { "connection refused" }
        }
        #expect(StoreError(rpcFailure: Refused()) == .unavailable("connection refused"))
    }

    @Test func aKnownMessageWithAnotherCodeIsNotTakenForTheError() {
        let status = GRPCStatus(code: .internalError, message: "etcdserver: requested lease not found")
        #expect(StoreError(rpcFailure: status) == .unavailable("Internal: etcdserver: requested lease not found"))
    }

    @Test func unknownStatusesAreUnavailableWithTheirMessage() {
        let status = GRPCStatus(code: .unknown, message: "etcdserver: something new")
        #expect(StoreError(rpcFailure: status) == .unavailable("Unknown: etcdserver: something new"))
    }
}
