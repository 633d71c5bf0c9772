extension CELValue {
    /// CEL's `==`: numbers compare by value across `int`, `uint` and `double`, lists element by
    /// element, maps by keys and values whatever their order; values of unrelated types are
    /// unequal.
    public func celEquals(_ other: CELValue) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.type(let a), .type(let b)): return a == b
        case (.duration(let a), .duration(let b)), (.timestamp(let a), .timestamp(let b)): return a == b
        case (.quantity(let a), .quantity(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !x.celEquals(y) { return false }
            return true
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for entry in a {
                guard let value = other[entry.key], entry.value.celEquals(value) else { return false }
            }
            return true
        default:
            if let order = self.numericOrder(other) { return order == 0 }
            return false
        }
    }

    /// The order of two numbers of any numeric types (-1, 0, 1); `nil` when either is not a
    /// number or a double is NaN.
    func numericOrder(_ other: CELValue) -> Int? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .uint(let b)): return a < 0 ? -1 : Self.order(UInt64(a), b)
        case (.uint(let a), .int(let b)): return b < 0 ? 1 : Self.order(a, UInt64(b))
        case (.double(let a), .double(let b)): return Self.order(a, b)
        case (.double(let a), .int(let b)): return Self.order(a, Double(b))
        case (.int(let a), .double(let b)): return Self.order(Double(a), b)
        case (.double(let a), .uint(let b)): return Self.order(a, Double(b))
        case (.uint(let a), .double(let b)): return Self.order(Double(a), b)
        default: return nil
        }
    }

    private static func order<T: Comparable>(_ a: T, _ b: T) -> Int? {
        if a < b { return -1 }
        if a == b { return 0 }
        if a > b { return 1 }
        return nil
    }
}
