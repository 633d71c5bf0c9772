import NIOCore
import SwiftProtobuf
import Synchronization

/// The request messages of one RPC, handed from the connection's event loop to the handler task.
///
/// Messages that arrive before the handler asks are queued; a handler that asks first parks until
/// one arrives. A unary request that came in one read is taken without suspending.
final class ServerMessages: Sendable {
    private struct State {
        var queue: [ByteBuffer] = []
        var head = 0
        /// Set when no more messages come: nil for a clean end, a status for a failed one.
        var end: GRPCStatus?? = nil
        var waiter: UnsafeContinuation<ByteBuffer?, any Error>?
    }

    private let state = Mutex(State())

    /// Adds a message (event loop side).
    func receive(_ message: ByteBuffer) {
        let waiter: UnsafeContinuation<ByteBuffer?, any Error>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.queue.append(message)
            return nil
        }
        waiter?.resume(returning: message)
    }

    /// Ends the messages: cleanly (`nil`) or with the status the reader sees thrown.
    func finish(_ failure: GRPCStatus? = nil) {
        let waiter: UnsafeContinuation<ByteBuffer?, any Error>? = state.withLock { state in
            guard state.end == nil else { return nil }
            state.end = .some(failure)
            if failure != nil {
                state.queue.removeAll()
                state.head = 0
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        if let failure {
            waiter?.resume(throwing: failure)
        } else {
            waiter?.resume(returning: nil)
        }
    }

    private enum Next {
        case message(ByteBuffer)
        case end
        case failed(GRPCStatus)
        case wait
    }

    /// Takes the next message or the end; when there is neither, parks `continuation` (if any)
    /// to be resumed by the next ``receive(_:)`` or ``finish(_:)``.
    private func take(orPark continuation: UnsafeContinuation<ByteBuffer?, any Error>? = nil) -> Next {
        state.withLock { state in
            if state.head < state.queue.count {
                let message = state.queue[state.head]
                state.head += 1
                if state.head == state.queue.count {
                    state.queue.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return .message(message)
            }
            switch state.end {
            case .some(.none): return .end
            case .some(.some(let status)): return .failed(status)
            case .none:
                state.waiter = continuation
                return .wait
            }
        }
    }

    /// The next message, or nil at the end.
    func next() async throws -> ByteBuffer? {
        switch take() {
        case .message(let message): return message
        case .end: return nil
        case .failed(let status): throw status
        case .wait: break
        }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                switch take(orPark: continuation) {
                case .message(let message): continuation.resume(returning: message)
                case .end: continuation.resume(returning: nil)
                case .failed(let status): continuation.resume(throwing: status)
                case .wait: break
                }
            }
        } onCancel: {
            finish(GRPCStatus(code: .cancelled, message: "context canceled"))
        }
    }

    /// The one request of a unary or server-streaming RPC; none or more than one is a protocol
    /// error.
    func single<Request: Message>(_ type: Request.Type) async throws -> Request {
        guard let message = try await next() else {
            throw GRPCStatus(code: .internalError, message: "grpc: no request message received")
        }
        guard try await next() == nil else {
            throw GRPCStatus(code: .internalError, message: "grpc: too many request messages for a unary method")
        }
        do {
            return try GRPCFraming.decode(Request.self, from: message)
        } catch {
            throw GRPCStatus(code: .internalError, message: "grpc: error unmarshalling request: \(error)")
        }
    }
}
