extension CELEvaluator {
    /// Kubernetes' quantity library on a `quantity(…)` value: `isInteger`, `asInteger`,
    /// `asApproximateFloat`, `sign`, `add`, `sub`, `isLessThan`, `isGreaterThan`, `compareTo`.
    static func quantityMethod(_ name: String, _ nanos: Int128, _ arguments: [CELValue]) throws(CELError) -> CELValue {
        func other() throws(CELError) -> Int128 {
            switch arguments.first {
            case .quantity(let value)?: return value
            case .int(let value)? where name == "add" || name == "sub":
                let (product, overflow) = Int128(value).multipliedReportingOverflow(by: 1_000_000_000)
                guard !overflow else { throw .overflow }
                return product
            default: throw .noSuchOverload("Quantity.\(name) with \(arguments.map(\.typeName))")
            }
        }
        switch name {
        case "isInteger":
            return .bool(nanos % 1_000_000_000 == 0 && Int64(exactly: nanos / 1_000_000_000) != nil)
        case "asInteger":
            guard nanos % 1_000_000_000 == 0, let value = Int64(exactly: nanos / 1_000_000_000) else {
                throw .invalidArgument("cannot convert value to integer")
            }
            return .int(value)
        case "asApproximateFloat":
            return .double(Double(nanos) / 1e9)
        case "sign":
            return .int(nanos > 0 ? 1 : (nanos < 0 ? -1 : 0))
        case "add", "sub":
            let operand = try other()
            let (result, overflow) = name == "add" ? nanos.addingReportingOverflow(operand) : nanos.subtractingReportingOverflow(operand)
            guard !overflow else { throw .overflow }
            return .quantity(result)
        case "isLessThan": return .bool(nanos < (try other()))
        case "isGreaterThan": return .bool(nanos > (try other()))
        case "compareTo":
            let operand = try other()
            return .int(nanos < operand ? -1 : (nanos == operand ? 0 : 1))
        default:
            throw .noSuchOverload("Quantity.\(name)")
        }
    }
}
