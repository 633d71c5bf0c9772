public import Foundation

/// Lexicographic byte order of keys, the order etcd keeps its key space in.
public enum KeyOrder {
    /// Compares two keys byte by byte: negative, zero or positive like `memcmp`.
    @inlinable
    public static func compare(_ lhs: Data, _ rhs: Data) -> Int {
        lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                let common = min(left.count, right.count)
                if common > 0 {
                    let result = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if result != 0 { return Int(result) }
                }
                return left.count - right.count
            }
        }
    }

    /// Whether `lhs` sorts strictly before `rhs`.
    @inlinable
    public static func less(_ lhs: Data, _ rhs: Data) -> Bool {
        compare(lhs, rhs) < 0
    }
}
