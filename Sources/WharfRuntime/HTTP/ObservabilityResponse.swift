public import NIOCore
public import NIOHTTP1

/// A complete response of ``ObservabilityServer``: status, content type, extra headers and body.
public struct ObservabilityResponse: Sendable {
    public var status: HTTPResponseStatus
    public var contentType: String
    public var headers: [(String, String)]
    public var body: ByteBuffer

    init(status: HTTPResponseStatus, contentType: String, headers: [(String, String)] = [], body: ByteBuffer) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    init(status: HTTPResponseStatus, contentType: String, headers: [(String, String)] = [], text: String) {
        self.init(status: status, contentType: contentType, headers: headers, body: ByteBuffer(string: text))
    }

    /// The body as a string, for tests.
    var bodyText: String {
        String(buffer: self.body)
    }

    /// The response parts to write for `request`: no body for `HEAD`, and `Connection` headers that
    /// match whether the connection stays open.
    func parts(for request: HTTPRequestHead) -> [HTTPServerResponsePart] {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: self.contentType)
        headers.add(name: "Content-Length", value: String(self.body.readableBytes))
        for (name, value) in self.headers {
            headers.add(name: name, value: value)
        }
        if !request.isKeepAlive {
            headers.add(name: "Connection", value: "close")
        } else if request.version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: request.version, status: self.status, headers: headers)
        if request.method == .HEAD {
            return [.head(head), .end(nil)]
        }
        return [.head(head), .body(.byteBuffer(self.body)), .end(nil)]
    }
}
