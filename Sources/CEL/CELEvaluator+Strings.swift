import Foundation

extension CELEvaluator {
    /// A receiver call `x.f(…)`: the string functions of the standard definitions and of
    /// Kubernetes' string library on strings, Kubernetes' list library on lists, its quantity
    /// library on quantities.
    mutating func method(_ name: String, _ receiver: CELValue, _ arguments: [CELValue]) throws(CELError) -> CELValue {
        switch receiver {
        case .string(let text):
            try self.spend(text.utf8.count / 16)
            return try Self.stringMethod(name, Array(text.unicodeScalars), arguments)
        case .list(let elements):
            try self.spend(elements.count)
            return try Self.listMethod(name, elements, arguments)
        case .quantity(let nanos):
            return try Self.quantityMethod(name, nanos, arguments)
        default:
            if name == "size" { return try Self.size(receiver) }
            throw .noSuchOverload("\(receiver.typeName).\(name)")
        }
    }

    /// `size(x)`: code points of a string, bytes, list elements, map entries.
    static func size(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .string(let text): .int(Int64(text.unicodeScalars.count))
        case .bytes(let bytes): .int(Int64(bytes.count))
        case .list(let elements): .int(Int64(elements.count))
        case .map(let entries): .int(Int64(entries.count))
        default: throw .noSuchOverload("size(\(value.typeName))")
        }
    }

    /// Whether `pattern` matches anywhere in `text`. CEL specifies RE2; this uses
    /// `NSRegularExpression` (ICU), which agrees on the common syntax but also accepts
    /// backreferences and lookaround, and differs on some character classes.
    static func matches(_ text: String, _ pattern: String) throws(CELError) -> Bool {
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw .invalidArgument("invalid regular expression: \(pattern)")
        }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func stringArgument(_ arguments: [CELValue], _ index: Int, _ name: String) throws(CELError) -> [Unicode.Scalar] {
        guard index < arguments.count, case .string(let text) = arguments[index] else {
            throw .noSuchOverload("string.\(name) with \(arguments.map(\.typeName))")
        }
        return Array(text.unicodeScalars)
    }

    private static func intArgument(_ arguments: [CELValue], _ index: Int, _ name: String) throws(CELError) -> Int? {
        guard index < arguments.count else { return nil }
        guard case .int(let value) = arguments[index] else {
            throw .noSuchOverload("string.\(name) with \(arguments.map(\.typeName))")
        }
        return Int(clamping: value)
    }

    private static func string(_ scalars: some Sequence<Unicode.Scalar>) -> CELValue {
        .string(Self.text(scalars))
    }

    /// Where `needle` occurs in `text` at or after `start` (or, searching backwards, at or
    /// before it).
    private static func find(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int, backwards: Bool) -> Int? {
        let candidates = backwards ? Array(stride(from: min(start, text.count - needle.count), through: 0, by: -1))
            : Array(stride(from: start, through: text.count - needle.count, by: 1))
        return candidates.first { text[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private static func stringMethod(_ name: String, _ text: [Unicode.Scalar], _ arguments: [CELValue]) throws(CELError) -> CELValue {
        switch name {
        case "size":
            return .int(Int64(text.count))
        case "contains":
            let needle = try Self.stringArgument(arguments, 0, name)
            return .bool(Self.find(needle, in: text, from: 0, backwards: false) != nil)
        case "startsWith":
            return .bool(text.starts(with: try Self.stringArgument(arguments, 0, name)))
        case "endsWith":
            return .bool(text.reversed().starts(with: try Self.stringArgument(arguments, 0, name).reversed()))
        case "matches":
            return .bool(try Self.matches(Self.text(text), Self.text(try Self.stringArgument(arguments, 0, name))))
        case "lowerAscii", "upperAscii":
            let (from, offset): (ClosedRange<Unicode.Scalar>, Int) = name == "lowerAscii" ? ("A"..."Z", 32) : ("a"..."z", -32)
            return Self.string(text.map { from.contains($0) ? Unicode.Scalar(UInt8(Int($0.value) + offset)) : $0 })
        case "trim":
            let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
            return Self.string(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
        case "split":
            return try Self.split(text, try Self.stringArgument(arguments, 0, name), limit: try Self.intArgument(arguments, 1, name) ?? -1)
        case "indexOf", "lastIndexOf":
            let needle = try Self.stringArgument(arguments, 0, name)
            let backwards = name == "lastIndexOf"
            let start = try Self.intArgument(arguments, 1, name) ?? (backwards ? text.count : 0)
            guard start >= 0 && start <= text.count else { throw .invalidArgument("index out of range: \(start)") }
            if needle.isEmpty { return .int(Int64(start)) }
            return .int(Int64(Self.find(needle, in: text, from: start, backwards: backwards) ?? -1))
        case "replace":
            let old = try Self.stringArgument(arguments, 0, name)
            let new = try Self.stringArgument(arguments, 1, name)
            return Self.string(Self.replace(text, old, new, limit: try Self.intArgument(arguments, 2, name) ?? -1))
        case "substring":
            let start = try Self.intArgument(arguments, 0, name) ?? 0
            let end = try Self.intArgument(arguments, 1, name) ?? text.count
            guard start >= 0 && start <= text.count else { throw .invalidArgument("index out of range: \(start)") }
            guard end >= 0 && end <= text.count else { throw .invalidArgument("index out of range: \(end)") }
            guard start <= end else { throw .invalidArgument("invalid substring range. start: \(start), end: \(end)") }
            return Self.string(text[start..<end])
        case "charAt":
            let index = try Self.intArgument(arguments, 0, name) ?? 0
            guard index >= 0 && index <= text.count else { throw .invalidArgument("index out of range: \(index)") }
            return index == text.count ? .string("") : Self.string([text[index]])
        default:
            throw .noSuchOverload("string.\(name)")
        }
    }

    private static func text(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// Go's `strings.SplitN`: an empty separator splits into code points; `limit` 0 gives no
    /// parts, a negative limit all of them.
    private static func split(_ text: [Unicode.Scalar], _ separator: [Unicode.Scalar], limit: Int) throws(CELError) -> CELValue {
        if limit == 0 { return .list([]) }
        var parts: [[Unicode.Scalar]] = []
        var start = 0
        var index = separator.isEmpty ? 1 : 0
        while (limit < 0 || parts.count < limit - 1) && index + separator.count <= text.count && start < text.count {
            if text[index..<(index + separator.count)].elementsEqual(separator) {
                parts.append(Array(text[start..<index]))
                start = index + separator.count
                index = separator.isEmpty ? start + 1 : start
            } else {
                index += 1
            }
        }
        if start < text.count || !separator.isEmpty { parts.append(Array(text[start...])) }
        return .list(parts.map(Self.string))
    }

    /// Go's `strings.Replace`: an empty `old` inserts `new` around every code point.
    private static func replace(_ text: [Unicode.Scalar], _ old: [Unicode.Scalar], _ new: [Unicode.Scalar], limit: Int) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = 0
        var replaced = 0
        while index <= text.count {
            let canReplace = limit < 0 || replaced < limit
            if canReplace && index + old.count <= text.count && text[index..<(index + old.count)].elementsEqual(old) {
                result += new
                replaced += 1
                if old.isEmpty {
                    if index < text.count { result.append(text[index]) }
                    index += 1
                } else {
                    index += old.count
                }
            } else {
                if index < text.count { result.append(text[index]) }
                index += 1
            }
        }
        return result
    }
}
