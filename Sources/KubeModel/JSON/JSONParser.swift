/// Parses JSON text (RFC 8259) into ``JSONValue``s.
///
/// Integers that fit in 64 bits stay exact; other numbers become doubles. Duplicate object keys keep
/// the last value, as Go does. Nesting deeper than ``maximumDepth`` is refused rather than
/// overflowing the stack. Invalid UTF-8 inside strings is replaced by U+FFFD, as Go does.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON document; only whitespace may follow it.
    ///
    /// - Throws: ``JSONParseError`` with Go's message for the first problem.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        if let result {
            return try result.get()
        }
        return try Self.parse(Array(bytes))
    }

    /// Parses a JSON document held in a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try Self.parse(Array(text.utf8))
    }

    private mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        self.skipWhitespace()
        let value = try self.parseValue()
        self.skipWhitespace()
        if self.offset < self.bytes.count {
            throw .invalidCharacter(self.bytes[self.offset], "after top-level value", at: self.offset)
        }
        return value
    }

    private mutating func skipWhitespace() {
        while self.offset < self.bytes.count {
            switch self.bytes[self.offset] {
            case 0x20, 0x0A, 0x0D, 0x09: self.offset += 1
            default: return
            }
        }
    }

    private mutating func nextSignificantByte() throws(JSONParseError) -> UInt8 {
        self.skipWhitespace()
        guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
        return self.bytes[self.offset]
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
        let byte = self.bytes[self.offset]
        switch byte {
        case UInt8(ascii: "{"): return try self.parseObject()
        case UInt8(ascii: "["): return try self.parseArray()
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"): try self.expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try self.expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try self.expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try self.parseNumber()
        default: throw .invalidCharacter(byte, "looking for beginning of value", at: self.offset)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = self.offset
        for index in 0..<literal.utf8CodeUnitCount {
            let position = start + index
            guard position < self.bytes.count else { throw .unexpectedEnd(at: position) }
            let byte = self.bytes[position]
            guard byte == literal.utf8Start[index] else {
                let name = "\(literal)"
                throw .invalidCharacter(byte, "in literal \(name) (expecting '\(Character(Unicode.Scalar(literal.utf8Start[index])))')", at: position)
            }
        }
        self.offset = start + literal.utf8CodeUnitCount
    }

    private mutating func enterContainer() throws(JSONParseError) {
        self.depth += 1
        if self.depth > Self.maximumDepth {
            throw JSONParseError(message: "exceeded max depth", offset: self.offset)
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try self.enterContainer()
        self.offset += 1  // {
        var members: [JSONObject.Member] = []
        var positions: [String: Int] = [:]  // filled only once an object grows large
        var byte = try self.nextSignificantByte()
        if byte == UInt8(ascii: "}") {
            self.offset += 1
            self.depth -= 1
            return .object(JSONObject())
        }
        while true {
            guard byte == UInt8(ascii: "\"") else {
                throw .invalidCharacter(byte, "looking for beginning of object key string", at: self.offset)
            }
            let key = try self.parseString()
            byte = try self.nextSignificantByte()
            guard byte == UInt8(ascii: ":") else {
                throw .invalidCharacter(byte, "after object key", at: self.offset)
            }
            self.offset += 1
            self.skipWhitespace()
            let value = try self.parseValue()
            if let existing = Self.position(of: key, in: members, index: &positions) {
                members[existing].value = value
            } else {
                members.append(JSONObject.Member(key: key, value: value))
            }
            byte = try self.nextSignificantByte()
            self.offset += 1
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: ",") else {
                throw .invalidCharacter(byte, "after object key:value pair", at: self.offset - 1)
            }
            byte = try self.nextSignificantByte()
        }
        self.depth -= 1
        return .object(JSONObject(uniqueMembers: members))
    }

    /// Finds a repeated key: by scanning while the object is small, through an index once it is large.
    private static func position(of key: String, in members: [JSONObject.Member], index: inout [String: Int]) -> Int? {
        let scanLimit = 16
        guard members.count > scanLimit else {
            return members.firstIndex(where: { $0.key == key })
        }
        if index.isEmpty {
            for (position, member) in members.enumerated() { index[member.key] = position }
        }
        if let position = index[key] { return position }
        index[key] = members.count  // the caller appends it next
        return nil
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try self.enterContainer()
        self.offset += 1  // [
        var elements: [JSONValue] = []
        var byte = try self.nextSignificantByte()
        if byte == UInt8(ascii: "]") {
            self.offset += 1
            self.depth -= 1
            return .array([])
        }
        while true {
            elements.append(try self.parseValue())
            byte = try self.nextSignificantByte()
            self.offset += 1
            if byte == UInt8(ascii: "]") { break }
            guard byte == UInt8(ascii: ",") else {
                throw .invalidCharacter(byte, "after array element", at: self.offset - 1)
            }
            _ = try self.nextSignificantByte()
        }
        self.depth -= 1
        return .array(elements)
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        self.offset += 1  // opening quote
        let start = self.offset
        // Fast path: no escapes.
        while self.offset < self.bytes.count {
            let byte = self.bytes[self.offset]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]), as: UTF8.self)
                self.offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw .invalidCharacter(byte, "in string literal", at: self.offset)
            }
            self.offset += 1
        }
        guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }

        var scratch = Array(self.bytes[start..<self.offset])
        while self.offset < self.bytes.count {
            let byte = self.bytes[self.offset]
            switch byte {
            case UInt8(ascii: "\""):
                self.offset += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                self.offset += 1
                guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
                let escaped = self.bytes[self.offset]
                self.offset += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escaped)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try self.parseUnicodeEscape()
                    scratch.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    throw .invalidCharacter(escaped, "in string escape code", at: self.offset - 1)
                }
            default:
                if byte < 0x20 {
                    throw .invalidCharacter(byte, "in string literal", at: self.offset)
                }
                scratch.append(byte)
                self.offset += 1
            }
        }
        throw .unexpectedEnd(at: self.offset)
    }

    /// Reads the four hex digits after `\u` (and a following low surrogate escape when needed).
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let high = try self.parseHex4()
        if (0xD800..<0xDC00).contains(high) {
            let save = self.offset
            if self.offset + 1 < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "\\"),
                self.bytes[self.offset + 1] == UInt8(ascii: "u")
            {
                self.offset += 2
                let low = try self.parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
            }
            self.offset = save
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
            let byte = self.bytes[self.offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidCharacter(byte, "in \\u hexadecimal character escape", at: self.offset)
            }
            value = value << 4 | UInt32(digit)
            self.offset += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = self.offset
        var isInteger = true
        if self.bytes[self.offset] == UInt8(ascii: "-") { self.offset += 1 }
        guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
        let first = self.bytes[self.offset]
        if first == UInt8(ascii: "0") {
            self.offset += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) {
            self.skipDigits()
        } else {
            throw .invalidCharacter(first, "in numeric literal", at: self.offset)
        }
        if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: ".") {
            isInteger = false
            self.offset += 1
            try self.requireDigit("after decimal point in numeric literal")
            self.skipDigits()
        }
        if self.offset < self.bytes.count, self.bytes[self.offset] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            self.offset += 1
            if self.offset < self.bytes.count,
                self.bytes[self.offset] == UInt8(ascii: "+") || self.bytes[self.offset] == UInt8(ascii: "-")
            {
                self.offset += 1
            }
            try self.requireDigit("in exponent of numeric literal")
            self.skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]), as: UTF8.self)
        if isInteger, let integer = Int64(text) {
            return .integer(integer)
        }
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(message: "number \(text) is out of range", offset: start)
        }
        return .double(double)
    }

    private mutating func skipDigits() {
        while self.offset < self.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self.bytes[self.offset]) {
            self.offset += 1
        }
    }

    private mutating func requireDigit(_ context: String) throws(JSONParseError) {
        guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
        let byte = self.bytes[self.offset]
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
            throw .invalidCharacter(byte, context, at: self.offset)
        }
    }
}
