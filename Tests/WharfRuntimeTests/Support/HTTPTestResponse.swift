/// One HTTP/1.1 response parsed from raw bytes, for asserting on what the server sent.
struct HTTPTestResponse: Sendable {
    var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    var headers: [String: String]
    var body: String

    /// Parses every complete response in `text`, using `Content-Length` to find where each ends.
    static func parseAll(_ text: String) -> [HTTPTestResponse] {
        var responses: [HTTPTestResponse] = []
        var rest = Substring(text)
        while let (response, remainder) = Self.parseFirst(rest) {
            responses.append(response)
            rest = remainder
        }
        return responses
    }

    /// Parses the first complete response in `text` and returns it with the bytes after it, or `nil`
    /// if `text` does not yet hold a complete response.
    static func parseFirst(_ text: Substring) -> (HTTPTestResponse, Substring)? {
        guard let headerEnd = text.firstRange(of: "\r\n\r\n") else { return nil }
        let lines = text[..<headerEnd.lowerBound].split(separator: "\r\n")
        guard let statusLine = lines.first else { return nil }
        let statusParts = statusLine.split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop { $0 == " " })
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyUTF8 = text[headerEnd.upperBound...].utf8
        guard bodyUTF8.count >= length else { return nil }
        let bodyEnd = bodyUTF8.index(bodyUTF8.startIndex, offsetBy: length)
        let response = HTTPTestResponse(status: status, headers: headers, body: String(Substring(bodyUTF8[..<bodyEnd])))
        return (response, Substring(bodyUTF8[bodyEnd...]))
    }
}
