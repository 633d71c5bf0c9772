import NIOCore
import NIOHTTP2

/// The HTTP/2 settings both ends of Wharf's gRPC use.
enum HTTP2Tuning {
    /// The stream window advertised in SETTINGS.
    static let streamWindowBytes = 1 << 20
    /// The connection window, raised from HTTP/2's 64 KiB when the connection starts.
    static let connectionWindowBytes = 16 << 20
    /// HTTP/2's initial connection window, before the first WINDOW_UPDATE.
    static let initialConnectionWindowBytes = 65_535
    /// Received bytes after which a stream's window is topped up.
    static let windowUpdateThreshold = streamWindowBytes / 2
    /// Unsent bytes a streaming RPC may queue before its writer waits.
    static let streamBufferBytes = 1 << 20

    /// The `NIOHTTP2Handler` configuration.
    static var configuration: NIOHTTP2Handler.Configuration {
        var configuration = NIOHTTP2Handler.Configuration()
        configuration.connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: 1 << 20),
            HTTP2Setting(parameter: .initialWindowSize, value: streamWindowBytes),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 1 << 16),
        ]
        // etcd clients open and cancel streams by the thousand (watchers, leases) and grpc-go pings
        // for every burst of DATA it receives (bandwidth estimation); grpc-go limits none of this,
        // so NIO's DoS limits are raised far above what real clients do.
        configuration.connection.maximumConnectionGlitches = 1 << 30
        configuration.connection.controlFrameRateLimit.maximumCount = 1 << 30
        configuration.stream.streamResetFrameRateLimit.maximumCount = 1 << 30
        configuration.stream.streamErrorRateLimit.maximumCount = 1 << 30
        return configuration
    }

    /// Raises the connection's receive window from HTTP/2's initial 64 KiB to
    /// ``connectionWindowBytes``; called when a connection becomes active, on either side.
    static func raiseConnectionWindow(_ context: ChannelHandlerContext) {
        let increment = connectionWindowBytes - initialConnectionWindowBytes
        let frame = HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))
        context.writeAndFlush(NIOAny(frame), promise: nil)
    }
}
