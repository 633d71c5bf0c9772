import NIOCore

/// A whole HTTP response as the benchmark client received it.
struct ClientResponse {
    /// The status code.
    var status: Int
    /// The body.
    var body: ByteBuffer

    /// The body as text, for error messages.
    var text: String { String(buffer: self.body) }

    /// Throws unless the status is one of `expected`.
    ///
    /// - Parameter request: Names the request in the error, e.g. `POST /api/v1/...`.
    func expect(_ expected: Set<Int>, _ request: @autoclosure () -> String) throws(KubeBenchError) {
        guard expected.contains(self.status) else {
            throw KubeBenchError.unexpectedStatus(request: request(), status: self.status, body: self.text)
        }
    }
}
