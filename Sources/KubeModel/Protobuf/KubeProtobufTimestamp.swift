import CEL

/// A meta/v1 `Time` or `MicroTime` as its protobuf fields hold it (Unix seconds and nanoseconds),
/// converted to and from the RFC 3339 text of its JSON.
struct KubeProtobufTimestamp: Equatable {
    /// Go's zero `time.Time` (0001-01-01T00:00:00Z), which `Time` writes as an empty message.
    static let zero = KubeProtobufTimestamp(seconds: -62_135_596_800, nanoseconds: 0)

    var seconds: Int64
    var nanoseconds: Int64

    /// A timestamp; nanoseconds outside `0..<1_000_000_000` carry into the seconds.
    init(seconds: Int64, nanoseconds: Int64) {
        let carry = Self.floorDivide(nanoseconds, 1_000_000_000)
        self.seconds = seconds &+ carry
        self.nanoseconds = nanoseconds - carry * 1_000_000_000
    }

    /// Reads RFC 3339 as Go's `time.Parse(time.RFC3339, …)` does: a date, `T`, a time with an
    /// optional fraction, and `Z` or a `±hh:mm` offset; `nil` for other text. Years beyond four
    /// digits or before year 0, which the decoder writes as Go formats them, are read too.
    init?(rfc3339 text: String) {
        var characters = Array(text.utf8)
        let negative = characters.first == UInt8(ascii: "-")
        if negative { characters.removeFirst() }
        // Go pads years to four digits; a larger one has more.
        let yearDigits = characters.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        guard yearDigits >= 4, yearDigits <= 12, let year = Self.digits(characters, 0, yearDigits) else { return nil }
        characters.removeFirst(yearDigits - 4)
        guard characters.count >= 20, characters[4] == UInt8(ascii: "-"), characters[7] == UInt8(ascii: "-"),
            characters[10] == UInt8(ascii: "T") || characters[10] == UInt8(ascii: "t"),
            characters[13] == UInt8(ascii: ":"), characters[16] == UInt8(ascii: ":"),
            let month = Self.digits(characters, 5, 2),
            let day = Self.digits(characters, 8, 2), let hour = Self.digits(characters, 11, 2),
            let minute = Self.digits(characters, 14, 2), let second = Self.digits(characters, 17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanoseconds: Int64 = 0
        if characters[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000_000
            let start = index
            while index < characters.count, let digit = Self.digits(characters, index, 1) {
                nanoseconds += digit * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset: Int64 = 0
        switch characters[index...].first {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == characters.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == characters.count, characters[index + 3] == UInt8(ascii: ":"),
                let hours = Self.digits(characters, index + 1, 2), let minutes = Self.digits(characters, index + 4, 2)
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (characters[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let days = Int64(CivilDate(year: Int(negative ? -year : year), month: Int(month), day: Int(day)).daysSinceEpoch)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: nanoseconds)
    }

    /// Go's `time.Unix(seconds, nanoseconds).UTC()` formatted as RFC 3339 with `fractionDigits`
    /// digits (truncated, as Go's `.000000` layout does), or `null` for Go's zero time.
    func json(fractionDigits: Int) -> JSONValue {
        if self == Self.zero { return .null }
        let days = Self.floorDivide(self.seconds, 86_400)
        let time = self.seconds - days * 86_400
        let date = CivilDate(daysSinceEpoch: Int(days))
        let (year, month, day) = (Int64(date.year), Int64(date.month), Int64(date.day))
        var text = year < 0 ? "-" + Self.padded(-year, 4) : Self.padded(year, 4)
        text += "-\(Self.padded(month, 2))-\(Self.padded(day, 2))T\(Self.padded(time / 3600, 2))"
        text += ":\(Self.padded(time / 60 % 60, 2)):\(Self.padded(time % 60, 2))"
        if fractionDigits > 0 {
            text += "." + String(Self.padded(self.nanoseconds, 9).prefix(fractionDigits))
        }
        return .string(text + "Z")
    }

    /// The decimal number of `count` ASCII digits at `start`, or `nil`.
    private static func digits(_ characters: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start + count <= characters.count else { return nil }
        var value: Int64 = 0
        for character in characters[start..<(start + count)] {
            guard character >= UInt8(ascii: "0"), character <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(character - UInt8(ascii: "0"))
        }
        return value
    }

    /// Division rounding toward negative infinity, for dates before 1970.
    private static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let quotient = dividend / divisor
        return dividend % divisor < 0 ? quotient - 1 : quotient
    }

    private static func padded(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
