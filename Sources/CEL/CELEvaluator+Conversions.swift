extension CELEvaluator {
    /// A global call `f(…)`: `size`, `matches`, the type conversions, `type`, `dyn`,
    /// `duration`, `timestamp`, `quantity` and `isQuantity`.
    func global(_ name: String, _ arguments: [CELValue]) throws(CELError) -> CELValue {
        let value = arguments[0]
        switch name {
        case "size":
            return try Self.size(value)
        case "matches":
            guard case .string(let text) = value, case .string(let pattern) = arguments[1] else {
                throw .noSuchOverload("matches(\(value.typeName), \(arguments[1].typeName))")
            }
            return .bool(try Self.matches(text, pattern))
        case "type":
            return .type(value.typeName)
        case "dyn":
            return value
        case "int": return try Self.int(value)
        case "uint": return try Self.uint(value)
        case "double": return try Self.double(value)
        case "string": return try Self.string(value)
        case "bool": return try Self.bool(value)
        case "bytes":
            switch value {
            case .bytes: return value
            case .string(let text): return .bytes(Array(text.utf8))
            default: break
            }
        case "duration":
            switch value {
            case .duration: return value
            case .string(let text):
                guard let nanoseconds = CELTime.duration(text) else { throw .invalidArgument("invalid duration: \"\(text)\"") }
                return .duration(nanoseconds)
            default: break
            }
        case "quantity", "isQuantity":
            guard case .string(let text) = value else { break }
            let nanos = Quantity.parse(text)
            if name == "isQuantity" { return .bool(nanos != nil) }
            guard let nanos else { throw .invalidArgument(Quantity.formatError) }
            return .quantity(nanos)
        case "timestamp":
            switch value {
            case .timestamp: return value
            case .int(let seconds):
                let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
                guard !overflow else { throw .overflow }
                return .timestamp(nanoseconds)
            case .string(let text):
                guard let nanoseconds = CELTime.timestamp(text) else { throw .invalidArgument("invalid timestamp: \"\(text)\"") }
                return .timestamp(nanoseconds)
            default: break
            }
        default:
            break
        }
        throw .noSuchOverload("\(name)(\(value.typeName))")
    }

    private static func int(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .int: return value
        case .uint(let number):
            guard number <= UInt64(Int64.max) else { throw .overflow }
            return .int(Int64(number))
        case .double(let number):
            guard number.isFinite, number > -9.223372036854775808e18, number < 9.223372036854775807e18 else { throw .overflow }
            return .int(Int64(number))
        case .string(let text):
            guard let number = Int64(text) else { throw .invalidArgument("cannot convert \"\(text)\" to int") }
            return .int(number)
        case .timestamp(let nanoseconds):
            return .int(nanoseconds / 1_000_000_000 - (nanoseconds % 1_000_000_000 < 0 ? 1 : 0))
        case .duration(let nanoseconds):
            return .int(nanoseconds / 1_000_000_000)
        default:
            throw .noSuchOverload("int(\(value.typeName))")
        }
    }

    private static func uint(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .uint: return value
        case .int(let number):
            guard number >= 0 else { throw .overflow }
            return .uint(UInt64(number))
        case .double(let number):
            guard number.isFinite, number > -1, number < 1.8446744073709552e19 else { throw .overflow }
            return .uint(UInt64(number))
        case .string(let text):
            guard let number = UInt64(text) else { throw .invalidArgument("cannot convert \"\(text)\" to uint") }
            return .uint(number)
        default:
            throw .noSuchOverload("uint(\(value.typeName))")
        }
    }

    private static func double(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .double: return value
        case .int(let number): return .double(Double(number))
        case .uint(let number): return .double(Double(number))
        case .string(let text):
            guard let number = Double(text) else { throw .invalidArgument("cannot convert \"\(text)\" to double") }
            return .double(number)
        default:
            throw .noSuchOverload("double(\(value.typeName))")
        }
    }

    private static func string(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .string: return value
        case .int(let number): return .string(String(number))
        case .uint(let number): return .string(String(number))
        case .double(let number):
            // Go's shortest 'g' format for the common case: whole numbers below 1e6 without `.0`.
            return .string(number.rounded() == number && abs(number) < 1e6 ? String(Int64(number)) : "\(number)")
        case .bool(let flag): return .string(String(flag))
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidArgument("invalid UTF-8 in bytes") }
            return .string(text)
        case .duration(let nanoseconds): return .string(CELTime.format(duration: nanoseconds))
        case .timestamp(let nanoseconds): return .string(CELTime.format(timestamp: nanoseconds))
        default: throw .noSuchOverload("string(\(value.typeName))")
        }
    }

    private static func bool(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .bool: return value
        case .string(let text):
            switch text {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: throw .invalidArgument("cannot convert \"\(text)\" to bool")
            }
        default:
            throw .noSuchOverload("bool(\(value.typeName))")
        }
    }
}
