import NIOCore

/// The receiving half of an RPC's HTTP/2 stream, on either side: cuts DATA into messages for the
/// reader's queue and counts the window to give back to the sender.
struct InboundMessages {
    let queue: MessageQueue
    private var deframer: MessageDeframer
    private var window: InboundWindow
    /// Whether the peer has half-closed (sent END_STREAM).
    private(set) var ended = false

    init(queue: MessageQueue, receiveLimit: Int, windowUpdateThreshold: Int) {
        self.queue = queue
        deframer = MessageDeframer(limit: receiveLimit)
        window = InboundWindow(threshold: windowUpdateThreshold)
    }

    /// Takes a DATA frame's payload.
    ///
    /// - Returns: the stream window increment to send now, if it is time to.
    /// - Throws: the status the RPC fails with when the bytes are not acceptable messages.
    mutating func receive(_ bytes: ByteBuffer, flowControlledLength: Int, endStream: Bool) throws(GRPCStatus) -> Int? {
        guard !ended else { return nil }
        do {
            for message in try deframer.append(bytes) {
                queue.receive(message)
            }
        } catch {
            switch error {
            case .tooLarge(let length, let limit):
                throw GRPCStatus(code: .resourceExhausted, message: "grpc: received message larger than max (\(length) vs. \(limit))")
            case .compressed:
                throw GRPCStatus(code: .unimplemented, message: "grpc: compressed messages are not supported")
            }
        }
        if endStream {
            try end()
            return nil
        }
        return window.consume(flowControlledLength)
    }

    /// The peer half-closed: the queue ends after the messages already received.
    mutating func end() throws(GRPCStatus) {
        guard !ended else { return }
        ended = true
        if deframer.hasPartialMessage {
            throw GRPCStatus(code: .internalError, message: "grpc: stream ended inside a message")
        }
        queue.finish()
    }
}

/// Received flow-controlled bytes not yet returned to the sender's window; returned in one
/// WINDOW_UPDATE once they pass a threshold (half the window).
struct InboundWindow {
    let threshold: Int
    private var unacknowledged = 0

    init(threshold: Int) {
        self.threshold = threshold
    }

    /// Counts received bytes; returns the increment to send when it is time to.
    mutating func consume(_ bytes: Int) -> Int? {
        unacknowledged += bytes
        guard unacknowledged >= threshold else { return nil }
        defer { unacknowledged = 0 }
        return unacknowledged
    }
}
