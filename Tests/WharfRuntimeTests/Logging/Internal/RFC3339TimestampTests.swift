import Testing

@testable import WharfRuntime

@Suite struct RFC3339TimestampTests {
    @Test func formatsUTCWithMicroseconds() {
        #expect(RFC3339Timestamp.format(seconds: 0, nanoseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(RFC3339Timestamp.format(seconds: 1_735_787_045, nanoseconds: 123_456_789) == "2025-01-02T03:04:05.123456Z")
        #expect(RFC3339Timestamp.format(seconds: 951_782_400, nanoseconds: 999_999_999) == "2000-02-29T00:00:00.999999Z")
    }
}
