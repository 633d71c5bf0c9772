extension CELEvaluator {
    /// Calls an operator or a library function on evaluated arguments.
    mutating func function(_ name: String, receiver: CELValue?, _ arguments: [CELValue]) throws(CELError) -> CELValue {
        switch name {
        case "_+_", "_-_", "_*_", "_/_", "_%_":
            let result = try Self.arithmetic(name, arguments[0], arguments[1])
            switch result {
            case .string(let text): try self.spend(text.utf8.count / 16)
            case .bytes(let bytes): try self.spend(bytes.count / 16)
            case .list(let elements): try self.spend(elements.count)
            default: break
            }
            return result
        case "_==_": return .bool(arguments[0].celEquals(arguments[1]))
        case "_!=_": return .bool(!arguments[0].celEquals(arguments[1]))
        case "_<_", "_<=_", "_>_", "_>=_":
            // NaN is unordered: every comparison with it is false.
            guard let order = try Self.order(arguments[0], arguments[1], name) else { return .bool(false) }
            switch name {
            case "_<_": return .bool(order < 0)
            case "_<=_": return .bool(order <= 0)
            case "_>_": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "@in":
            switch arguments[1] {
            case .list(let elements):
                try self.spend(elements.count)
                return .bool(elements.contains { $0.celEquals(arguments[0]) })
            case .map: return .bool(arguments[1][arguments[0]] != nil)
            default: throw .noSuchOverload("@in on \(arguments[1].typeName)")
            }
        case "!_":
            guard case .bool(let value) = arguments[0] else { throw .noSuchOverload("!_ on \(arguments[0].typeName)") }
            return .bool(!value)
        case "-_":
            switch arguments[0] {
            case .int(let value):
                guard value != .min else { throw .overflow }
                return .int(-value)
            case .double(let value): return .double(-value)
            case .duration(let value):
                guard value != .min else { throw .overflow }
                return .duration(-value)
            default: throw .noSuchOverload("-_ on \(arguments[0].typeName)")
            }
        default:
            if let receiver { return try self.method(name, receiver, arguments) }
            return try self.global(name, arguments)
        }
    }

    /// `+ - * / %` on numbers of one type, and `+` on strings, bytes, lists, durations and
    /// timestamps. Integers fail on overflow; there is no implicit conversion between numeric types.
    static func arithmetic(_ name: String, _ left: CELValue, _ right: CELValue) throws(CELError) -> CELValue {
        let operation = name.dropFirst().dropLast()
        switch (left, right) {
        case (.int(let a), .int(let b)):
            return .int(try Self.integer(operation, a, b))
        case (.uint(let a), .uint(let b)):
            return .uint(try Self.integer(operation, a, b))
        case (.double(let a), .double(let b)):
            switch operation {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return .double(a / b)
            default: break
            }
        case (.string(let a), .string(let b)) where operation == "+": return .string(a + b)
        case (.bytes(let a), .bytes(let b)) where operation == "+": return .bytes(a + b)
        case (.list(let a), .list(let b)) where operation == "+": return .list(a + b)
        case (.duration(let a), .duration(let b)) where operation == "+" || operation == "-":
            return .duration(try Self.integer(operation, a, b))
        case (.timestamp(let a), .duration(let b)) where operation == "+" || operation == "-":
            return .timestamp(try Self.integer(operation, a, b))
        case (.duration(let a), .timestamp(let b)) where operation == "+":
            return .timestamp(try Self.integer(operation, a, b))
        case (.timestamp(let a), .timestamp(let b)) where operation == "-":
            return .duration(try Self.integer(operation, a, b))
        default:
            break
        }
        throw .noSuchOverload("\(left.typeName) \(operation) \(right.typeName)")
    }

    private static func integer<T: FixedWidthInteger>(_ operation: Substring, _ a: T, _ b: T) throws(CELError) -> T {
        let (result, overflow): (T, Bool)
        switch operation {
        case "+": (result, overflow) = a.addingReportingOverflow(b)
        case "-": (result, overflow) = a.subtractingReportingOverflow(b)
        case "*": (result, overflow) = a.multipliedReportingOverflow(by: b)
        case "/":
            guard b != 0 else { throw .divisionByZero }
            (result, overflow) = a.dividedReportingOverflow(by: b)
        default:
            guard b != 0 else { throw .moduloByZero }
            (result, overflow) = a.remainderReportingOverflow(dividingBy: b)
        }
        guard !overflow else { throw .overflow }
        return result
    }

    /// The order of two values of one comparable type, or of two numbers of any numeric types;
    /// `nil` when a double is NaN.
    static func order(_ left: CELValue, _ right: CELValue, _ name: String) throws(CELError) -> Int? {
        if let order = left.numericOrder(right) { return order }
        if case .double(let number) = left, number.isNaN, right.numericOrder(.int(0)) != nil { return nil }
        if case .double(let number) = right, number.isNaN, left.numericOrder(.int(0)) != nil { return nil }
        func compare<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.string(let a), .string(let b)):
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1)
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): return compare(a ? 1 : 0, b ? 1 : 0)
        case (.duration(let a), .duration(let b)), (.timestamp(let a), .timestamp(let b)): return compare(a, b)
        default: throw .noSuchOverload("\(left.typeName) \(name.dropFirst().dropLast()) \(right.typeName)")
        }
    }
}
