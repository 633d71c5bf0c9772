/// An IPv4 network in CIDR form (`10.96.0.0/12`).
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    /// The network address.
    public let base: UInt32
    /// The prefix length, 0–32.
    public let prefixLength: Int

    /// Parses `a.b.c.d/n`; `nil` when malformed.
    public init?(cidr: String) {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let length = Int(parts[1]), (0...32).contains(length),
            let address = Self.parse(String(parts[0]))
        else { return nil }
        self.prefixLength = length
        let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - length)
        self.base = address & mask
    }

    /// The number of addresses in the network.
    public var size: Int { 1 << (32 - self.prefixLength) }

    /// The address `index` places after the network address.
    public func address(at index: Int) -> String {
        let value = self.base &+ UInt32(truncatingIfNeeded: index)
        return "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }

    /// Whether `ip` lies in the network.
    public func contains(_ ip: String) -> Bool {
        guard let value = Self.parse(ip) else { return false }
        let mask: UInt32 = self.prefixLength == 0 ? 0 : ~UInt32(0) << (32 - self.prefixLength)
        return value & mask == self.base
    }

    public var description: String { "\(self.address(at: 0))/\(self.prefixLength)" }

    private static func parse(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let byte = UInt8(octet), String(byte) == octet else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
