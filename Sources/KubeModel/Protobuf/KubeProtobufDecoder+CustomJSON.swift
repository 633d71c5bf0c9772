extension KubeProtobufDecoder {
    /// The JSON of a message whose Go type writes its own (``KubeProtobufCustomJSON``).
    func customValue(
        _ custom: KubeProtobufCustomJSON,
        of message: KubeProtobufMessage,
        in range: Range<Int>,
        depth: Int
    ) throws(KubeProtobufError) -> JSONValue {
        let wire = try self.wireFields(message.name, in: range)
        switch custom {
        case .time, .microTime:
            // metav1.Time's Unmarshal: no bytes is the zero time (JSON null), else Unix seconds and nanos.
            guard !range.isEmpty else { return .null }
            let seconds = try self.integer(wire[1]?.last, .int64, field: 1, in: message.name)
            let nanoseconds = try self.integer(wire[2]?.last, .int32, field: 2, in: message.name)
            return Self.rfc3339(seconds: seconds, nanoseconds: nanoseconds, fractionDigits: custom == .time ? 0 : 6)
        case .quantity:
            guard let last = wire[1]?.last else { return "0" }
            let text = try self.string(last, field: 1, in: message.name)
            guard !text.isEmpty else {
                throw .malformed(message: message.name, field: 1, reason: "empty quantity")
            }
            return .string(text)
        case .intOrString:
            switch try self.integer(wire[1]?.last, .int64, field: 1, in: message.name) {
            case 0: return .integer(try self.integer(wire[2]?.last, .int32, field: 2, in: message.name))
            case 1: return .string(try self.string(wire[3]?.last, field: 3, in: message.name))
            case let type:
                throw .malformed(message: message.name, field: 1, reason: "impossible IntOrString type \(type)")
            }
        case .rawJSON:
            let raw = try self.range(wire[1]?.last, field: 1, in: message.name)
            if raw.isEmpty { return .null }
            if self.bytes[raw].starts(with: Self.magic) {
                return try self.object(in: raw, depth: depth + 1)
            }
            do {
                return try JSONParser.parse(self.bytes[raw])
            } catch {
                throw .malformed(message: message.name, field: 1, reason: "invalid JSON: \(error.message)")
            }
        }
    }

    /// An integer field's value; an absent field is 0.
    private func integer(
        _ value: ProtobufWireField.Value?,
        _ scalar: KubeProtobufScalar,
        field: Int,
        in message: String
    ) throws(KubeProtobufError) -> Int64 {
        guard let value else { return 0 }
        return try self.scalarValue(scalar, value, field: field, in: message).integerValue ?? 0
    }

    /// Go's `time.Unix(seconds, nanoseconds).UTC()` formatted as RFC 3339 with `fractionDigits`
    /// digits (truncated, as Go's `.000000` layout does), or `null` for Go's zero time.
    static func rfc3339(seconds: Int64, nanoseconds: Int64, fractionDigits: Int) -> JSONValue {
        let carry = Self.floorDivide(nanoseconds, 1_000_000_000)
        let second = seconds &+ carry
        let nanosecond = nanoseconds - carry * 1_000_000_000
        if second == -62_135_596_800 && nanosecond == 0 { return .null }  // 0001-01-01T00:00:00Z
        let days = Self.floorDivide(second, 86_400)
        let time = second - days * 86_400
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = year < 0 ? "-" + Self.padded(-year, 4) : Self.padded(year, 4)
        text += "-\(Self.padded(month, 2))-\(Self.padded(day, 2))T\(Self.padded(time / 3600, 2))"
        text += ":\(Self.padded(time / 60 % 60, 2)):\(Self.padded(time % 60, 2))"
        if fractionDigits > 0 {
            text += "." + String(Self.padded(nanosecond, 9).prefix(fractionDigits))
        }
        return .string(text + "Z")
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
