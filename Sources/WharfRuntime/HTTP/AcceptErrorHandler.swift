public import Logging
public import NIOCore

/// Sits on the listening channel and keeps accept errors (`EMFILE`, `ENFILE`, `ENOBUFS`) from ending the
/// accept loop. NIO keeps the listener open after such errors and closes it itself after fatal ones, so
/// logging and dropping them is safe.
public final class AcceptErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = any Channel

    private let logger: Logger
    private let serverName: String

    /// Creates a handler that logs accept errors as `<serverName> failed to accept a connection`.
    public init(logger: Logger, serverName: String) {
        self.logger = logger
        self.serverName = serverName
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.info("\(self.serverName) failed to accept a connection", metadata: ["error": "\(error)"])
    }
}

@available(*, unavailable)
extension AcceptErrorHandler: Sendable {}
