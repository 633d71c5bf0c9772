import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Calls a webhook (admission webhooks, CRD conversion webhooks, the audit webhook): one HTTPS
/// `POST` of a JSON body on a fresh connection, the server's certificate checked against the
/// webhook's CA bundle, the whole call bounded by a timeout. The TLS context of each CA bundle is
/// made once and shared by all callers; connections are not reused yet.
enum WebhookClient {
    /// Why a call failed, worded like Go's HTTP client errors kube-apiserver reports.
    enum Failure: Error, CustomStringConvertible {
        /// The URL is not an `https://host[:port]/path` URL.
        case badURL(String)
        /// The CA bundle holds no certificate.
        case badCABundle(String)
        /// No connection: the name did not resolve, or the connection was refused.
        case dial(String)
        /// No answer within the webhook's timeout.
        case timedOut(Duration)
        /// The server closed the connection before answering.
        case noResponse
        /// The server answered with a status other than 200.
        case status(UInt, String)

        var description: String {
            switch self {
            case .badURL(let url): "invalid webhook URL \(url)"
            case .badCABundle(let reason): "invalid caBundle: \(reason)"
            case .dial(let reason): reason
            case .timedOut(let timeout): "context deadline exceeded (timeout \(timeout))"
            case .noResponse: "EOF"
            case .status(let code, let body): "the server responded with status \(code): \(body)"
            }
        }
    }

    /// Posts `body` to `url` and returns the response body.
    static func post(_ body: [UInt8], to url: String, caBundle: [UInt8], timeout: Duration) async throws -> [UInt8] {
        guard let target = URLComponents(string: url), target.scheme == "https", let host = target.host else {
            throw Failure.badURL(url)
        }
        let context = try Self.contexts.context(trusting: caBundle)
        let path = (target.percentEncodedPath.isEmpty ? "/" : target.percentEncodedPath)
            + (target.percentEncodedQuery.map { "?" + $0 } ?? "")
        return try await Self.exchange(body, host: host, port: target.port ?? 443, path: path, context: context, timeout: timeout)
    }

    /// TLS client contexts by CA bundle: building one parses the bundle and sets up an OpenSSL
    /// context, which would otherwise be most of a call's CPU. Webhook configurations name few
    /// distinct bundles; the cache forgets them all when it reaches ``ContextCache/capacity``.
    private static let contexts = ContextCache()

    /// The TLS contexts calls share, one per CA bundle.
    private final class ContextCache: Sendable {
        static let capacity = 64
        private let contexts = Mutex<[[UInt8]: NIOSSLContext]>([:])

        /// The context trusting `caBundle` (the system's roots when empty), made on first use.
        func context(trusting caBundle: [UInt8]) throws -> NIOSSLContext {
            if let context = self.contexts.withLock({ $0[caBundle] }) { return context }
            var tls = TLSConfiguration.makeClientConfiguration()
            // A timed-out call closes its connection at once rather than waiting for the server's close_notify.
            tls.shutdownTimeout = .milliseconds(50)
            if !caBundle.isEmpty {
                do {
                    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(caBundle))
                } catch {
                    throw Failure.badCABundle("\(error)")
                }
            }
            let context = try NIOSSLContext(configuration: tls)
            self.contexts.withLock { contexts in
                if contexts.count >= Self.capacity { contexts.removeAll() }
                contexts[caBundle] = context
            }
            return context
        }
    }

    /// Whether a call's timer fired (and closed its connection).
    private final class Expiry: Sendable {
        let fired = Mutex(false)
    }

    private static func exchange(
        _ body: [UInt8], host: String, port: Int, path: String, context: NIOSSLContext, timeout: Duration
    ) async throws -> [UInt8] {
        let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(nanoseconds))
                .connect(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as NIOConnectionError {
            throw Self.dialFailure(error, host: host, port: port)
        }
        // The timeout covers the whole exchange: when it fires, the connection is closed, which ends
        // the reads below.
        let expiry = Expiry()
        let timer = channel.channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
            expiry.fired.withLock { $0 = true }
            channel.channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            return try await Self.converse(channel, body: body, host: host, port: port, path: path)
        } catch {
            if expiry.fired.withLock({ $0 }) { throw Failure.timedOut(timeout) }
            throw error
        }
    }

    /// A failed connection worded as Go's dialer words it in kube-apiserver's errors:
    /// `dial tcp 127.0.0.1:1: connect: connection refused`, `dial tcp: lookup web.tools.svc: no such host`.
    private static func dialFailure(_ error: NIOConnectionError, host: String, port: Int) -> Failure {
        if error.dnsAError != nil || error.dnsAAAAError != nil {
            return .dial("dial tcp: lookup \(host): no such host")
        }
        if let failure = error.connectionErrors.first?.error as? IOError {
            return .dial("dial tcp \(host):\(port): connect: \(String(cString: strerror(failure.errnoCode)).lowercased())")
        }
        return .dial("dial tcp \(host):\(port): \(error)")
    }

    private static func converse(
        _ channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>, body: [UInt8], host: String, port: Int,
        path: String
    ) async throws -> [UInt8] {
        try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
            head.headers = [
                "Host": port == 443 ? host : "\(host):\(port)", "Content-Type": "application/json", "Accept": "application/json",
                "Content-Length": String(body.count), "User-Agent": "wharf-apiserver", "Connection": "close",
            ]
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
            var status: UInt = 0
            var received: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let response): status = response.status.code
                case .body(let chunk): received += chunk.readableBytesView
                case .end:
                    guard status == 200 else { throw Failure.status(status, String(decoding: received.prefix(200), as: UTF8.self)) }
                    return received
                }
            }
            throw Failure.noResponse
        }
    }
}
