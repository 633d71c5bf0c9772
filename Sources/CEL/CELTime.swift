/// Parsing and printing of CEL's durations (Go's `time.ParseDuration` syntax) and timestamps
/// (RFC 3339), both as nanoseconds.
enum CELTime {
    private static let units: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// `"1h30m"`, `"-1.5s"`, `"250ms"`, `"0"` as nanoseconds; `nil` when malformed or out of range.
    static func duration(_ text: String) -> Int64? {
        var rest = Substring(text)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = Self.units.filter { rest.hasPrefix($0.0) }.max { $0.0.count < $1.0.count }
            guard let unit else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        total *= sign
        guard total.isFinite, abs(total) < 9.2e18 else { return nil }
        return Int64(total.rounded())
    }

    /// A duration as cel-go prints it: seconds with up to nine decimals, then `s`.
    static func format(duration nanoseconds: Int64) -> String {
        let sign = nanoseconds < 0 ? "-" : ""
        let magnitude = nanoseconds.magnitude
        return "\(sign)\(magnitude / 1_000_000_000)\(Self.fraction(magnitude % 1_000_000_000))s"
    }

    /// `.123` for 123,000,000 nanoseconds; empty for none.
    private static func fraction(_ nanoseconds: UInt64) -> String {
        guard nanoseconds > 0 else { return "" }
        var digits = String(nanoseconds)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    /// `2024-01-02T03:04:05.5Z` or with a `+hh:mm` offset, years 1 to 9999.
    static func timestamp(_ text: String) -> Int64? {
        let scalars = Array(text.unicodeScalars)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[start..<(start + count)] {
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            return value
        }
        func separator(_ index: Int, _ options: Set<Unicode.Scalar>) -> Bool {
            index < scalars.count && options.contains(scalars[index])
        }
        guard let year = number(0, 4), separator(4, ["-"]), let month = number(5, 2), separator(7, ["-"]),
              let day = number(8, 2), separator(10, ["T", "t"]), let hour = number(11, 2), separator(13, [":"]),
              let minute = number(14, 2), separator(16, [":"]), let second = number(17, 2),
              year >= 1, (1...12).contains(month), (1...Self.daysIn(month, year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanoseconds = 0
        if separator(index, ["."]) {
            index += 1
            var digits = 0
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                if digits < 9 { nanoseconds = nanoseconds * 10 + Int(scalars[index].value - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanoseconds *= 10 }
        }
        var offset = 0
        if separator(index, ["Z", "z"]) && index + 1 == scalars.count {
            offset = 0
        } else if separator(index, ["+", "-"]), let hours = number(index + 1, 2), separator(index + 3, [":"]),
                  let minutes = number(index + 4, 2), index + 6 == scalars.count {
            offset = (hours * 60 + minutes) * 60 * (scalars[index] == "-" ? -1 : 1)
        } else {
            return nil
        }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return seconds * 1_000_000_000 + Int64(nanoseconds)
    }

    /// A timestamp as RFC 3339 in UTC, fractions only when present.
    static func format(timestamp nanoseconds: Int64) -> String {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        let remainder = UInt64(nanoseconds - seconds * 1_000_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = CivilDate(daysSinceEpoch: Int(days))
        let (year, month, day) = (date.year, date.month, date.day)
        let secondOfDay = Int(seconds - days * 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
            + "\(Self.fraction(remainder))Z"
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
