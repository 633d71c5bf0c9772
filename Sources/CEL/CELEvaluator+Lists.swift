extension CELEvaluator {
    /// Kubernetes' list library (`indexOf`, `lastIndexOf`, `isSorted`, `sum`, `min`, `max`), the
    /// strings library's `join`, and `size`.
    static func listMethod(_ name: String, _ elements: [CELValue], _ arguments: [CELValue]) throws(CELError) -> CELValue {
        switch name {
        case "size":
            return .int(Int64(elements.count))
        case "join":
            var parts: [String] = []
            for element in elements {
                guard case .string(let text) = element else { throw .noSuchOverload("join on a list of \(element.typeName)") }
                parts.append(text)
            }
            guard arguments.isEmpty || arguments.count == 1, case .string(let separator)? = arguments.first ?? .string("") else {
                throw .noSuchOverload("list.join with \(arguments.map(\.typeName))")
            }
            return .string(parts.joined(separator: separator))
        case "indexOf" where arguments.count == 1:
            return .int(Int64(elements.firstIndex { $0.celEquals(arguments[0]) } ?? -1))
        case "lastIndexOf" where arguments.count == 1:
            return .int(Int64(elements.lastIndex { $0.celEquals(arguments[0]) } ?? -1))
        case "isSorted":
            for (a, b) in zip(elements, elements.dropFirst()) where try Self.order(a, b, "_<=_") ?? 1 > 0 {
                return .bool(false)
            }
            return .bool(true)
        case "sum":
            guard var total = elements.first else { return .int(0) }
            for element in elements.dropFirst() { total = try Self.arithmetic("_+_", total, element) }
            return total
        case "min", "max":
            guard var best = elements.first else { throw .invalidArgument("\(name) called on empty list") }
            for element in elements.dropFirst() {
                let order = try Self.order(element, best, "_<_") ?? 0
                if (name == "min" && order < 0) || (name == "max" && order > 0) { best = element }
            }
            return best
        default:
            throw .noSuchOverload("list.\(name) with \(arguments.count) arguments")
        }
    }
}
