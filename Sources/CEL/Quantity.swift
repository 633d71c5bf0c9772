/// A Kubernetes resource quantity (`500m`, `1.5Gi`, `2e3`): an exact count of nano-units (the
/// finest scale Kubernetes keeps; finer values round up, as `resource.ParseQuantity` does) and the
/// format it was written in, which its canonical text keeps (`1536Mi`, `1500m`, `2e3`).
///
/// CEL's Kubernetes quantity library and the API server's admission (LimitRanger, ResourceQuota)
/// share it, so both read quantities the same way.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How a quantity prints: Kubernetes' `DecimalSI`, `BinarySI` and `DecimalExponent`.
    public enum Format: Sendable, Hashable {
        /// Decimal suffixes (`m`, `k`, `M`, …) or none.
        case decimalSI
        /// Power-of-two suffixes (`Ki`, `Mi`, …).
        case binarySI
        /// An `e` exponent (`2e3`).
        case decimalExponent
    }

    /// The value in nano-units (`1` is `1_000_000_000`).
    public var nanos: Int128
    /// The format the canonical text uses.
    public var format: Format

    private static let binarySuffixes: [String: Int] = ["Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6]
    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    private static let nanosPerUnit: Int128 = 1_000_000_000

    /// Why a text is not a quantity, in Kubernetes' words.
    public static let formatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

    /// A quantity of `nanos` nano-units printed in `format`.
    public init(nanos: Int128, format: Format = .decimalSI) {
        self.nanos = nanos
        self.format = format
    }

    /// A whole number of units, printed in decimal.
    public init(integer: Int) {
        self.init(nanos: Int128(integer) * Self.nanosPerUnit)
    }

    /// Parses `text`; `nil` when malformed or beyond about 10^29.
    public init?(_ text: String) {
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
            self.format = .binarySI
        } else {
            let exponent: Int
            if let decimal = Self.decimalSuffixes[suffix] {
                exponent = decimal
                self.format = .decimalSI
            } else if let first = suffix.first, first == "e" || first == "E", let value = Int(suffix.dropFirst()), abs(value) < 60 {
                exponent = value
                self.format = .decimalExponent
            } else {
                return nil
            }
            guard let scaled = Self.scale(mantissa, byPowerOfTen: 9 + exponent - fractionDigits) else { return nil }
            nanos = scaled
        }
        self.nanos = negative ? -nanos : nanos
    }

    /// The value of `text` in nano-units; `nil` when malformed.
    public static func parse(_ text: String) -> Int128? {
        Quantity(text)?.nanos
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

    /// The value in thousandths, rounded up (Go's `MilliValue`).
    public var milliValue: Int128 { Self.ceilingDivide(self.nanos, by: 1_000_000) }

    /// The value in units, rounded up (Go's `Value`).
    public var value: Int128 { Self.ceilingDivide(self.nanos, by: Self.nanosPerUnit) }

    private static func ceilingDivide(_ value: Int128, by divisor: Int128) -> Int128 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 ? quotient + 1 : quotient
    }

    /// Whether the value is zero.
    public var isZero: Bool { self.nanos == 0 }

    /// The canonical text, as Go's `Quantity.String()` prints it: the largest suffix that keeps an
    /// integer mantissa; binary quantities below 1024 or with a fraction print in decimal.
    public var description: String {
        if self.format == .binarySI, self.nanos.magnitude >= 1024 * Self.nanosPerUnit.magnitude, self.nanos % Self.nanosPerUnit == 0 {
            var mantissa = self.nanos / Self.nanosPerUnit
            var power = 0
            while power < 6 && mantissa % 1024 == 0 {
                mantissa /= 1024
                power += 1
            }
            return "\(mantissa)" + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]
        }
        guard self.nanos != 0 else { return "0" }
        var mantissa = self.nanos
        var exponent = -9
        while exponent < 18 && mantissa % 1000 == 0 {
            mantissa /= 1000
            exponent += 3
        }
        if self.format == .decimalExponent {
            return exponent == 0 ? "\(mantissa)" : "\(mantissa)e\(exponent)"
        }
        let suffixes = [-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"]
        return "\(mantissa)\(suffixes[exponent] ?? "")"
    }

    /// The sum, in the format of the first non-zero operand (Go's `Quantity.Add`).
    public static func + (left: Quantity, right: Quantity) -> Quantity {
        Quantity(nanos: left.nanos + right.nanos, format: left.isZero ? right.format : left.format)
    }

    /// The difference, in the left operand's format unless it is zero (Go's `Quantity.Sub`).
    public static func - (left: Quantity, right: Quantity) -> Quantity {
        Quantity(nanos: left.nanos - right.nanos, format: left.isZero ? right.format : left.format)
    }

    /// Quantities are equal when their values are, whatever their formats.
    public static func == (left: Quantity, right: Quantity) -> Bool {
        left.nanos == right.nanos
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.nanos)
    }

    public static func < (left: Quantity, right: Quantity) -> Bool {
        left.nanos < right.nanos
    }
}
