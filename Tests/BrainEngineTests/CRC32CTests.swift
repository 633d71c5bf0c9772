import Testing

@testable import BrainEngine

@Suite struct CRC32CTests {
    /// The byte-at-a-time definition the fast path must agree with.
    private func reference(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        var crc = ~seed
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test func knownCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test func everyLengthAndAlignmentMatchesTheReference() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<9 {
            for end in start...bytes.count where (end - start) % 7 == 0 || end - start < 20 {
                let slice = Array(bytes[start..<end])
                #expect(CRC32C.checksum(bytes[start..<end]) == reference(slice))
            }
        }
    }

    @Test func seedContinuesAChecksum() {
        let first = Array("hello, ".utf8)
        let second = Array("brain".utf8)
        #expect(CRC32C.checksum(second, seed: CRC32C.checksum(first)) == CRC32C.checksum(first + second))
    }
}
