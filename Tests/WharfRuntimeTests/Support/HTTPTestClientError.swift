/// A test HTTP exchange did not produce what the test expected to parse.
enum HTTPTestClientError: Error, CustomStringConvertible {
    /// The raw bytes received did not hold exactly the expected responses.
    case unexpectedResponses(String)

    var description: String {
        switch self {
        case .unexpectedResponses(let raw): "unexpected response bytes: \(raw.debugDescription)"
        }
    }
}
