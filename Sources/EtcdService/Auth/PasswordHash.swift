import Crypto
import Foundation

/// Salted password hashes: PBKDF2-HMAC-SHA256, stored as `salt(16) ‖ iterations(4, big-endian) ‖ key(32)`.
enum PasswordHash {
    static let iterations: UInt32 = 10_000

    /// Hashes `password` with a fresh salt.
    static func make(_ password: String) -> [UInt8] {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        return salt + withUnsafeBytes(of: iterations.bigEndian, Array.init)
            + derive(password, salt: salt, iterations: iterations)
    }

    /// Whether `password` matches `hash`, compared in constant time.
    static func verify(_ password: String, against hash: [UInt8]) -> Bool {
        guard hash.count == 52 else { return false }
        let salt = Array(hash[0..<16])
        let iterations = hash[16..<20].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard iterations > 0, iterations <= 1_000_000 else { return false }
        let expected = Array(hash[20...])
        let actual = derive(password, salt: salt, iterations: iterations)
        return zip(expected, actual).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// PBKDF2 with HMAC-SHA256, one 32-byte block.
    private static func derive(_ password: String, salt: [UInt8], iterations: UInt32) -> [UInt8] {
        let key = SymmetricKey(data: Data(password.utf8))
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<iterations {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }
}
