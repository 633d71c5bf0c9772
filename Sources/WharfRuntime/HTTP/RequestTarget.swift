/// The path and query of an HTTP request target (`/readyz?verbose&exclude=storage`).
public struct RequestTarget: Sendable, Hashable {
    /// The percent-decoded path, `/` when empty.
    public var path: String
    /// The query parameters in order; a parameter without `=` has an empty value.
    public var query: [QueryItem]

    /// Splits an origin-form request target; the query is percent-decoded, with `+` read as a space.
    public init(_ uri: String) {
        let pathPart: Substring
        let queryPart: Substring?
        if let questionMark = uri.firstIndex(of: "?") {
            pathPart = uri[..<questionMark]
            queryPart = uri[uri.index(after: questionMark)...]
        } else {
            pathPart = Substring(uri)
            queryPart = nil
        }
        let path = Self.percentDecoded(pathPart, plusIsSpace: false)
        self.path = path.isEmpty ? "/" : path
        self.query = (queryPart ?? "").split(separator: "&").map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return QueryItem(
                    name: Self.percentDecoded(pair[..<equals], plusIsSpace: true),
                    value: Self.percentDecoded(pair[pair.index(after: equals)...], plusIsSpace: true)
                )
            }
            return QueryItem(name: Self.percentDecoded(pair, plusIsSpace: true), value: "")
        }
    }

    /// Whether a parameter named `name` is present, with or without a value (`?verbose`).
    public func contains(_ name: String) -> Bool {
        self.query.contains { $0.name == name }
    }

    /// Every value of the parameters named `name`, in order (`?exclude=a&exclude=b`).
    public func values(_ name: String) -> [String] {
        self.query.filter { $0.name == name }.map(\.value)
    }

    /// Decodes `%XX` escapes; malformed escapes are kept as written.
    static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = Self.hexValue(iterator[iterator.startIndex]),
                let low = Self.hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
