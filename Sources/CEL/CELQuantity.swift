/// Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`) as exact counts of nano-units, the
/// finest scale Kubernetes keeps (finer values round up, as `resource.ParseQuantity` does).
enum CELQuantity {
    private static let binarySuffixes: [String: Int] = ["Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6]
    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]

    /// Why `text` is not a quantity, in Kubernetes' words.
    static let formatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

    /// The value of `text` in nano-units; `nil` when malformed or beyond about 10^29.
    static func parse(_ text: String) -> Int128? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let suffix = String(rest.dropFirst(number.count))
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !number.isEmpty, number != ".", parts.allSatisfy({ $0.count <= 30 }) else { return nil }
        guard let mantissa = Int128(parts.joined().isEmpty ? "0" : parts.joined()) else { return nil }
        let fractionDigits = parts.count == 2 ? parts[1].count : 0
        var nanos: Int128
        if let power = Self.binarySuffixes[suffix] {
            guard let scaled = Self.scale(mantissa, byPowerOfTen: 9 - fractionDigits) else { return nil }
            nanos = scaled
            for _ in 0..<power {
                let (product, overflow) = nanos.multipliedReportingOverflow(by: 1024)
                guard !overflow else { return nil }
                nanos = product
            }
        } else {
            let exponent: Int
            if let decimal = Self.decimalSuffixes[suffix] {
                exponent = decimal
            } else if let first = suffix.first, first == "e" || first == "E", let value = Int(suffix.dropFirst()), abs(value) < 60 {
                exponent = value
            } else {
                return nil
            }
            guard let scaled = Self.scale(mantissa, byPowerOfTen: 9 + exponent - fractionDigits) else { return nil }
            nanos = scaled
        }
        return negative ? -nanos : nanos
    }

    /// `value × 10^power`, rounding a fraction up; `nil` on overflow.
    private static func scale(_ value: Int128, byPowerOfTen power: Int) -> Int128? {
        var result = value
        if power >= 0 {
            for _ in 0..<power {
                let (product, overflow) = result.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                result = product
            }
            return result
        }
        var divisor: Int128 = 1
        for _ in 0..<min(-power, 38) { divisor *= 10 }
        let (quotient, remainder) = result.quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 ? quotient + 1 : quotient
    }
}
