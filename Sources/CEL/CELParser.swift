/// A recursive-descent parser for CEL's grammar (cel-spec `langdef.md`), expanding the macros
/// `has`, `all`, `exists`, `exists_one`, `map` and `filter` as it goes.
struct CELParser {
    private let scalars: [Unicode.Scalar]
    private let tokens: [CELToken]
    private var position = 0
    private var depth = 0

    /// Nesting deeper than this is refused, so a hostile expression cannot exhaust the stack.
    static let maximumDepth = 100

    /// Tokenizes `source`, ready for ``parse()``.
    init(_ source: String) throws(CELError) {
        var lexer = CELLexer(source)
        self.tokens = try lexer.tokens()
        self.scalars = Array(source.unicodeScalars)
    }

    /// The whole source as one expression.
    mutating func parse() throws(CELError) -> CELExpression {
        let expression = try self.expression()
        guard self.current.kind == .end else { throw self.unexpected() }
        return expression
    }

    private var current: CELToken { self.tokens[self.position] }

    private func error(_ message: String, at offset: Int) -> CELError {
        let (line, column) = CELLexer.lineAndColumn(of: offset, in: self.scalars)
        return .syntax(message: "Syntax error: \(message)", line: line, column: column)
    }

    private func unexpected() -> CELError {
        self.error("unexpected input \(self.describeCurrent())", at: self.current.offset)
    }

    private func isSymbol(_ symbol: String) -> Bool { self.current.kind == .symbol(symbol) }

    private mutating func accept(_ symbol: String) -> Bool {
        guard self.isSymbol(symbol) else { return false }
        self.position += 1
        return true
    }

    private mutating func expect(_ symbol: String) throws(CELError) {
        guard self.accept(symbol) else {
            throw self.error("expected '\(symbol)', found \(self.describeCurrent())", at: self.current.offset)
        }
    }

    private func describeCurrent() -> String {
        switch self.current.kind {
        case .end: "<EOF>"
        case .symbol(let symbol), .identifier(let symbol): "'\(symbol)'"
        default: "a literal"
        }
    }

    private mutating func nested<T>(_ body: (inout CELParser) throws(CELError) -> T) throws(CELError) -> T {
        self.depth += 1
        defer { self.depth -= 1 }
        guard self.depth <= Self.maximumDepth else {
            throw self.error("expression recursion limit exceeded: \(Self.maximumDepth)", at: self.current.offset)
        }
        return try body(&self)
    }

    // MARK: Operators by precedence

    private mutating func expression() throws(CELError) -> CELExpression {
        try self.nested { (parser: inout CELParser) throws(CELError) in
            let condition = try parser.conditionalOr()
            let offset = parser.current.offset
            guard parser.accept("?") else { return condition }
            let whenTrue = try parser.conditionalOr()
            try parser.expect(":")
            let whenFalse = try parser.expression()
            return .call("_?_:_", target: nil, arguments: [condition, whenTrue, whenFalse], offset: offset)
        }
    }

    private mutating func conditionalOr() throws(CELError) -> CELExpression {
        try self.logical("||", operand: { (parser: inout CELParser) throws(CELError) in try parser.conditionalAnd() })
    }

    private mutating func conditionalAnd() throws(CELError) -> CELExpression {
        try self.logical("&&", operand: { (parser: inout CELParser) throws(CELError) in try parser.relation() })
    }

    private mutating func addition() throws(CELError) -> CELExpression {
        try self.binary(["+", "-"], operand: { (parser: inout CELParser) throws(CELError) in try parser.multiplication() })
    }

    private mutating func multiplication() throws(CELError) -> CELExpression {
        try self.binary(["*", "/", "%"], operand: { (parser: inout CELParser) throws(CELError) in try parser.unary() })
    }

    private mutating func logical(
        _ symbol: String, operand: (inout CELParser) throws(CELError) -> CELExpression
    ) throws(CELError) -> CELExpression {
        var left = try operand(&self)
        while self.isSymbol(symbol) {
            let offset = self.current.offset
            self.position += 1
            let right = try operand(&self)
            left = .call("_\(symbol)_", target: nil, arguments: [left, right], offset: offset)
        }
        return left
    }

    private mutating func relation() throws(CELError) -> CELExpression {
        var left = try self.addition()
        while true {
            let offset = self.current.offset
            let name: String
            switch self.current.kind {
            case .symbol(let symbol) where ["<", "<=", ">", ">=", "==", "!="].contains(symbol): name = "_\(symbol)_"
            case .identifier("in"): name = "@in"
            default: return left
            }
            self.position += 1
            let right = try self.addition()
            left = .call(name, target: nil, arguments: [left, right], offset: offset)
        }
    }

    private mutating func binary(
        _ symbols: Set<String>, operand: (inout CELParser) throws(CELError) -> CELExpression
    ) throws(CELError) -> CELExpression {
        var left = try operand(&self)
        while case .symbol(let symbol) = self.current.kind, symbols.contains(symbol) {
            let offset = self.current.offset
            self.position += 1
            let right = try operand(&self)
            left = .call("_\(symbol)_", target: nil, arguments: [left, right], offset: offset)
        }
        return left
    }

    private mutating func unary() throws(CELError) -> CELExpression {
        let offset = self.current.offset
        if self.accept("!") {
            let operand = try self.nested { (p: inout CELParser) throws(CELError) in try p.unary() }
            return .call("!_", target: nil, arguments: [operand], offset: offset)
        }
        if self.accept("-") {
            // `-9223372036854775808` is a literal: the digits alone do not fit an int.
            if case .int(let digits) = self.current.kind {
                self.position += 1
                let literal = try self.integer("-" + digits, at: offset)
                return try self.member(.literal(literal))
            }
            let operand = try self.nested { (p: inout CELParser) throws(CELError) in try p.unary() }
            return .call("-_", target: nil, arguments: [operand], offset: offset)
        }
        return try self.member(try self.primary())
    }

    // MARK: Members and primaries

    private mutating func member(_ start: CELExpression) throws(CELError) -> CELExpression {
        var operand = start
        while true {
            let offset = self.current.offset
            if self.accept(".") {
                guard case .identifier(let name) = self.current.kind else {
                    throw self.error("expected a field or method name after '.', found \(self.describeCurrent())", at: self.current.offset)
                }
                let nameOffset = self.current.offset
                self.position += 1
                if self.accept("(") {
                    let arguments = try self.arguments(closing: ")")
                    operand = try self.receiverCall(name, target: operand, arguments: arguments, offset: nameOffset)
                } else {
                    operand = .select(operand, field: name, presenceTest: false, offset: nameOffset)
                }
            } else if self.accept("[") {
                let index = try self.expression()
                try self.expect("]")
                operand = .index(operand, index, offset: offset)
            } else {
                return operand
            }
        }
    }

    private mutating func primary() throws(CELError) -> CELExpression {
        let token = self.current
        switch token.kind {
        case .int(let digits):
            self.position += 1
            return .literal(try self.integer(digits, at: token.offset))
        case .uint(let digits):
            self.position += 1
            let value = digits.hasPrefix("0x") ? UInt64(digits.dropFirst(2), radix: 16) : UInt64(digits)
            guard let value else { throw self.error("uint literal out of range: \(digits)u", at: token.offset) }
            return .literal(.uint(value))
        case .double(let value):
            self.position += 1
            return .literal(.double(value))
        case .string(let value):
            self.position += 1
            return .literal(.string(value))
        case .bytes(let value):
            self.position += 1
            return .literal(.bytes(value))
        case .identifier(let name):
            self.position += 1
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "in": throw self.error("unexpected input 'in'", at: token.offset)
            default: break
            }
            if CELLexer.reserved.contains(name) { throw self.error("reserved identifier: \(name)", at: token.offset) }
            if self.accept("(") {
                let arguments = try self.arguments(closing: ")")
                return try self.globalCall(name, arguments: arguments, offset: token.offset)
            }
            if self.isSymbol("{") {
                throw self.error("message construction is not supported", at: self.current.offset)
            }
            return .identifier(name, offset: token.offset)
        case .symbol("("):
            self.position += 1
            let inner = try self.expression()
            try self.expect(")")
            return inner
        case .symbol("["):
            self.position += 1
            return .list(try self.arguments(closing: "]"))
        case .symbol("{"):
            self.position += 1
            return try self.mapLiteral()
        case .symbol("."):
            throw self.error("leading '.' names are not supported", at: token.offset)
        default:
            throw self.unexpected()
        }
    }

    private func integer(_ digits: String, at offset: Int) throws(CELError) -> CELValue {
        let negative = digits.hasPrefix("-")
        let unsigned = negative ? String(digits.dropFirst()) : digits
        let magnitude = unsigned.hasPrefix("0x") ? UInt64(unsigned.dropFirst(2), radix: 16) : UInt64(unsigned)
        if let magnitude {
            if negative && magnitude <= UInt64(Int64.max) + 1 {
                return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            if !negative && magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        }
        throw self.error("int literal out of range: \(digits)", at: offset)
    }

    /// Comma-separated expressions up to `closing` (a trailing comma is allowed in lists).
    private mutating func arguments(closing: String) throws(CELError) -> [CELExpression] {
        var arguments: [CELExpression] = []
        if self.accept(closing) { return arguments }
        while true {
            arguments.append(try self.expression())
            if self.accept(closing) { return arguments }
            try self.expect(",")
            if closing == "]" && self.accept(closing) { return arguments }
        }
    }

    private mutating func mapLiteral() throws(CELError) -> CELExpression {
        var entries: [(key: CELExpression, value: CELExpression)] = []
        if self.accept("}") { return .map(entries) }
        while true {
            let key = try self.expression()
            try self.expect(":")
            entries.append((key, try self.expression()))
            if self.accept("}") { return .map(entries) }
            try self.expect(",")
            if self.accept("}") { return .map(entries) }
        }
    }

    // MARK: Macros

    private func globalCall(_ name: String, arguments: [CELExpression], offset: Int) throws(CELError) -> CELExpression {
        guard name == "has" else { return .call(name, target: nil, arguments: arguments, offset: offset) }
        guard arguments.count == 1, case .select(let operand, let field, false, let selectOffset) = arguments[0] else {
            throw CELError.check(message: "invalid argument to has() macro", line: self.line(offset), column: self.column(offset))
        }
        return .select(operand, field: field, presenceTest: true, offset: selectOffset)
    }

    private func receiverCall(
        _ name: String, target: CELExpression, arguments: [CELExpression], offset: Int
    ) throws(CELError) -> CELExpression {
        guard let kind = CELExpression.Comprehension(rawValue: name) else {
            return .call(name, target: target, arguments: arguments, offset: offset)
        }
        let counts = kind == .map ? [2, 3] : [2]
        guard counts.contains(arguments.count) else {
            let expected = kind == .map ? "2 or 3" : "2"
            throw CELError.check(
                message: "macro '\(name)' takes \(expected) arguments, found \(arguments.count)",
                line: self.line(offset), column: self.column(offset)
            )
        }
        guard case .identifier(let variable, _) = arguments[0] else {
            throw CELError.check(message: "argument must be a simple name", line: self.line(offset), column: self.column(offset))
        }
        let filter = arguments.count == 3 ? arguments[1] : nil
        return .comprehension(kind, range: target, variable: variable, filter: filter, body: arguments[arguments.count - 1])
    }

    private func line(_ offset: Int) -> Int { CELLexer.lineAndColumn(of: offset, in: self.scalars).0 }
    private func column(_ offset: Int) -> Int { CELLexer.lineAndColumn(of: offset, in: self.scalars).1 }
}
