#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Formats wall-clock time as RFC 3339 in UTC with microseconds: `2025-01-02T03:04:05.123456Z`.
///
/// Uses `clock_gettime` and `gmtime_r` directly; Foundation's formatters are slower and lock internally.
enum RFC3339Timestamp {
    /// The current time.
    static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Self.format(seconds: Int(now.tv_sec), nanoseconds: Int(now.tv_nsec))
    }

    /// The given time since the Unix epoch, truncated to microseconds.
    static func format(seconds: Int, nanoseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = ""
        text.reserveCapacity(27)
        Self.append(Int(parts.tm_year) + 1900, width: 4, to: &text)
        text.append("-")
        Self.append(Int(parts.tm_mon) + 1, width: 2, to: &text)
        text.append("-")
        Self.append(Int(parts.tm_mday), width: 2, to: &text)
        text.append("T")
        Self.append(Int(parts.tm_hour), width: 2, to: &text)
        text.append(":")
        Self.append(Int(parts.tm_min), width: 2, to: &text)
        text.append(":")
        Self.append(Int(parts.tm_sec), width: 2, to: &text)
        text.append(".")
        Self.append(nanoseconds / 1000, width: 6, to: &text)
        text.append("Z")
        return text
    }

    private static func append(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width {
            text.append(String(repeating: "0", count: width - digits.count))
        }
        text.append(digits)
    }
}
