import Testing

/// One kubectl command's create request, as kubectl 1.33 sends it (protobuf) and as kubectl 1.31
/// sends it (JSON).
struct KubectlFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var command: String
    var protobufHex: String
    var json: String

    var testDescription: String { self.name }

    /// The protobuf body.
    var protobuf: [UInt8] {
        var bytes: [UInt8] = []
        var digits = self.protobufHex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            bytes.append(UInt8(Self.nibble(high) << 4 | Self.nibble(low)))
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10
    }
}
