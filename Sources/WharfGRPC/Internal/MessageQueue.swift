import NIOCore
import SwiftProtobuf
import Synchronization

/// The messages one side of an RPC receives, handed from the connection's event loop to the task
/// that reads them (a server handler or a client call).
///
/// Messages that arrive before the reader asks are queued; a reader that asks first parks until
/// one arrives. A unary message that came in one read is taken without suspending.
final class MessageQueue: Sendable {
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

    /// The one message of a unary side of an RPC, still encoded (`role` names it in errors:
    /// "request" or "response"); none or more than one is a protocol error.
    func singleMessage(role: String) async throws -> ByteBuffer {
        guard let message = try await next() else {
            throw GRPCStatus(code: .internalError, message: "grpc: no \(role) message received")
        }
        guard try await next() == nil else {
            throw GRPCStatus(code: .internalError, message: "grpc: more than one \(role) message for a unary method")
        }
        return message
    }

    /// The one message of a unary side of an RPC, decoded.
    func single<M: Message>(_ type: M.Type, role: String) async throws -> M {
        let message = try await singleMessage(role: role)
        do {
            return try GRPCFraming.decode(M.self, from: message)
        } catch {
            throw GRPCStatus(code: .internalError, message: "grpc: error unmarshalling \(role): \(error)")
        }
    }
}
