public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a loopback port, for tests that send bytes no well-behaved client would.
///
/// Unlike a gRPC client, it frames nothing: ``write(_:)`` puts exactly the given bytes on the wire and
/// ``read(timeout:until:)`` returns exactly what the server answered.
public final class RawTCPConnection {
    private var descriptor: Int32

    /// What a read saw.
    public struct Reply: Sendable {
        /// Every byte the server sent.
        public var bytes: [UInt8]
        /// Whether the server closed (or reset) the connection before the timeout.
        public var closed: Bool
    }

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED
            close()
            throw POSIXError(code)
        }
    }

    deinit { close() }

    /// Sends all of `bytes`; throws if the server has already closed the connection.
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPIPE) }
            offset += sent
        }
    }

    /// Reads until the server closes the connection or `timeout` passes.
    public func readUntilClosed(timeout: Duration) -> Reply {
        read(timeout: timeout) { _ in false }
    }

    /// Reads until `enough` says the bytes so far suffice, the server closes the connection, or
    /// `timeout` passes.
    public func read(timeout: Duration, until enough: ([UInt8]) -> Bool) -> Reply {
        var reply = Reply(bytes: [], closed: false)
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while ContinuousClock.now < deadline && !enough(reply.bytes) {
            let remaining = (deadline - ContinuousClock.now).components
            let milliseconds = Int32(clamping: remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, max(milliseconds, 1)) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                reply.bytes.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                reply.closed = true
                return reply
            }
        }
        return reply
    }

    /// Closes the connection; later calls do nothing.
    public func close() {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
    }
}
