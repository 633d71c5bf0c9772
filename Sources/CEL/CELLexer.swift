/// Splits CEL source into ``CELToken``s (cel-spec `langdef.md`, "Syntax"): numbers, strings and
/// bytes with all their quoting forms and escapes, identifiers, operators.
struct CELLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// Words CEL reserves; an expression may not use them as names, though fields may have
    /// them (`request.namespace`), as in cel-go.
    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ]

    /// Operators of two characters, tried before single characters.
    private static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
    private static let oneCharacterSymbols: Set<Unicode.Scalar> = [
        "(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "+", "-", "*", "/", "%", "!", "<", ">",
    ]

    init(_ source: String) {
        self.scalars = Array(source.unicodeScalars)
    }

    /// All tokens, ending with ``CELToken/Kind/end``.
    mutating func tokens() throws(CELError) -> [CELToken] {
        var tokens: [CELToken] = []
        while true {
            let token = try self.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = self.position + ahead
        return index < self.scalars.count ? self.scalars[index] : nil
    }

    private func error(_ message: String, at offset: Int) -> CELError {
        let (line, column) = CELLexer.lineAndColumn(of: offset, in: self.scalars)
        return .syntax(message: "Syntax error: \(message)", line: line, column: column)
    }

    /// The 1-based line and column of a scalar offset.
    static func lineAndColumn(of offset: Int, in scalars: [Unicode.Scalar]) -> (Int, Int) {
        var line = 1
        var column = 1
        for scalar in scalars.prefix(offset) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private mutating func skipSpaceAndComments() {
        while let scalar = self.peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                self.position += 1
            } else if scalar == "/" && self.peek(1) == "/" {
                while let next = self.peek(), next != "\n" { self.position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(CELError) -> CELToken {
        self.skipSpaceAndComments()
        let start = self.position
        guard let scalar = self.peek() else { return CELToken(kind: .end, offset: start) }
        if Self.isDigit(scalar) || (scalar == "." && self.peek(1).map(Self.isDigit) == true) {
            return CELToken(kind: try self.number(), offset: start)
        }
        if Self.isIdentifierStart(scalar) {
            if let kind = try self.prefixedString() { return CELToken(kind: kind, offset: start) }
            var name = ""
            while let next = self.peek(), Self.isIdentifierStart(next) || Self.isDigit(next) {
                name.unicodeScalars.append(next)
                self.position += 1
            }
            return CELToken(kind: .identifier(name), offset: start)
        }
        if scalar == "\"" || scalar == "'" {
            return CELToken(kind: .string(try self.quoted(raw: false, bytes: false).string), offset: start)
        }
        if let second = self.peek(1), Self.twoCharacterSymbols.contains(String(scalar) + String(second)) {
            self.position += 2
            return CELToken(kind: .symbol(String(scalar) + String(second)), offset: start)
        }
        if Self.oneCharacterSymbols.contains(scalar) {
            self.position += 1
            return CELToken(kind: .symbol(String(scalar)), offset: start)
        }
        throw self.error("token recognition error at: '\(scalar)'", at: start)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        Self.isDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    /// An int, uint or double literal.
    private mutating func number() throws(CELError) -> CELToken.Kind {
        let start = self.position
        if self.peek() == "0", let x = self.peek(1), x == "x" || x == "X" {
            self.position += 2
            var digits = ""
            while let next = self.peek(), Self.isHexDigit(next) {
                digits.unicodeScalars.append(next)
                self.position += 1
            }
            if digits.isEmpty { throw self.error("malformed hex literal", at: start) }
            return try self.integerSuffix("0x" + digits)
        }
        var text = ""
        var isDouble = false
        func digits() {
            while let next = self.peek(), Self.isDigit(next) {
                text.unicodeScalars.append(next)
                self.position += 1
            }
        }
        digits()
        if self.peek() == ".", self.peek(1).map(Self.isDigit) == true {
            isDouble = true
            text += "."
            self.position += 1
            digits()
        }
        if let e = self.peek(), e == "e" || e == "E" {
            var ahead = 1
            if let sign = self.peek(1), sign == "+" || sign == "-" { ahead = 2 }
            if self.peek(ahead).map(Self.isDigit) == true {
                isDouble = true
                for _ in 0..<ahead {
                    text.unicodeScalars.append(self.peek()!)
                    self.position += 1
                }
                digits()
            }
        }
        if isDouble {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                throw self.error("malformed double literal: \(text)", at: start)
            }
            return .double(value)
        }
        return try self.integerSuffix(text)
    }

    private mutating func integerSuffix(_ digits: String) throws(CELError) -> CELToken.Kind {
        if let u = self.peek(), u == "u" || u == "U" {
            self.position += 1
            return .uint(digits)
        }
        return .int(digits)
    }

    /// A string or bytes literal with an `r`, `b`, `rb` or `br` prefix; `nil` when the
    /// identifier-like start is not such a prefix.
    private mutating func prefixedString() throws(CELError) -> CELToken.Kind? {
        var raw = false
        var bytes = false
        var length = 0
        while length < 2, let scalar = self.peek(length) {
            if (scalar == "r" || scalar == "R") && !raw {
                raw = true
            } else if (scalar == "b" || scalar == "B") && !bytes {
                bytes = true
            } else {
                break
            }
            length += 1
        }
        guard length > 0, let quote = self.peek(length), quote == "\"" || quote == "'" else { return nil }
        self.position += length
        let literal = try self.quoted(raw: raw, bytes: bytes)
        return bytes ? .bytes(literal.bytes) : .string(literal.string)
    }

    /// The body of a quoted literal at the current position (single, double or triple quotes),
    /// as the string's scalars and, for bytes literals, the bytes.
    private mutating func quoted(raw: Bool, bytes: Bool) throws(CELError) -> (string: String, bytes: [UInt8]) {
        let start = self.position
        let quote = self.peek()!
        let triple = self.peek(1) == quote && self.peek(2) == quote
        self.position += triple ? 3 : 1
        var string = ""
        var output: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) {
            string.unicodeScalars.append(scalar)
            output += Array(String(scalar).utf8)
        }
        while true {
            guard let scalar = self.peek() else { throw self.error("unterminated string literal", at: start) }
            if scalar == quote && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) {
                self.position += triple ? 3 : 1
                return (string, output)
            }
            if !triple && (scalar == "\n" || scalar == "\r") {
                throw self.error("unterminated string literal", at: start)
            }
            self.position += 1
            guard scalar == "\\" && !raw else {
                append(scalar)
                continue
            }
            let escapeStart = self.position - 1
            guard let escape = self.peek() else { throw self.error("unterminated string literal", at: start) }
            self.position += 1
            switch escape {
            case "\\", "'", "\"", "`", "?": append(escape)
            case "a": append("\u{07}")
            case "b": append("\u{08}")
            case "f": append("\u{0C}")
            case "n": append("\n")
            case "r": append("\r")
            case "t": append("\t")
            case "v": append("\u{0B}")
            case "x", "X", "u", "U", "0"..."7":
                let isOctal = Self.isDigit(escape)
                let count = isOctal ? 2 : (escape == "u" ? 4 : (escape == "U" ? 8 : 2))
                var digits = isOctal ? String(escape) : ""
                for _ in 0..<count {
                    guard let digit = self.peek(), isOctal ? ("0"..."7").contains(digit) : Self.isHexDigit(digit) else {
                        throw self.error("invalid escape sequence", at: escapeStart)
                    }
                    digits.unicodeScalars.append(digit)
                    self.position += 1
                }
                let code = UInt32(digits, radix: isOctal ? 8 : 16)!
                if isOctal && code > 255 {
                    throw self.error("invalid octal escape sequence", at: escapeStart)
                } else if bytes && (isOctal || escape == "x" || escape == "X") {
                    string.unicodeScalars.append(Unicode.Scalar(UInt8(code)))
                    output.append(UInt8(code))
                } else if let value = Unicode.Scalar(code) {
                    append(value)
                } else {
                    throw self.error("invalid unicode code point in escape sequence", at: escapeStart)
                }
            default:
                throw self.error("invalid escape sequence: \\\(escape)", at: escapeStart)
            }
        }
    }
}
