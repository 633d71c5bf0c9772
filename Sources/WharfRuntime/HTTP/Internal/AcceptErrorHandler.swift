import Logging
import NIOCore

/// Sits on the listening channel and keeps accept errors (`EMFILE`, `ENFILE`, `ENOBUFS`) from ending the
/// accept loop. NIO keeps the listener open after such errors and closes it itself after fatal ones, so
/// logging and dropping them is safe.
final class AcceptErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel

    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.info("observability server failed to accept a connection", metadata: ["error": "\(error)"])
    }
}

@available(*, unavailable)
extension AcceptErrorHandler: Sendable {}
