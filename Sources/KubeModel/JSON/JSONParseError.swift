/// Why bytes are not a JSON document, worded as Go's `encoding/json` words it (Kubernetes clients
/// see these messages inside `Status` objects).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Go's message, e.g. `invalid character 'x' looking for beginning of value`.
    public let message: String
    /// The byte offset where parsing stopped.
    public let offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { self.message }

    static func unexpectedEnd(at offset: Int) -> JSONParseError {
        JSONParseError(message: "unexpected end of JSON input", offset: offset)
    }

    static func invalidCharacter(_ byte: UInt8, _ context: String, at offset: Int) -> JSONParseError {
        JSONParseError(message: "invalid character \(quoted(byte)) \(context)", offset: offset)
    }

    /// Go quotes the offending character like a Go rune literal.
    private static func quoted(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "'"): return #"'\''"#
        case UInt8(ascii: "\""): return #"'"'"#
        case 0x0A: return #"'\n'"#
        case 0x0D: return #"'\r'"#
        case 0x09: return #"'\t'"#
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "'\\x\(String(byte, radix: 16, uppercase: false).leftPadded(to: 2))'"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
