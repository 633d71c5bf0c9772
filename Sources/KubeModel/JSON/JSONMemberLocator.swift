/// Finds where a member sits inside JSON text without building a tree, so that one value can be
/// replaced in place (the API server writes a stored object's `metadata.resourceVersion` this way
/// when it lists thousands of them).
///
/// The text must be valid JSON with unique keys (as everything the API server stores is); the
/// locator only follows its structure and stops at the first occurrence of each key on the path, so
/// it reads no further into the text than it must. It does not decode escaped keys: when an object
/// on the path has a key with an escape before the wanted one, the answer is `nil`.
public enum JSONMemberLocator {
    /// Where a member on a path is, or where to add it.
    public enum Location: Equatable, Sendable {
        /// The member exists; its value occupies these bytes.
        case value(Range<Int>)
        /// The last key is missing from the object the rest of the path leads to: a member can be
        /// inserted at this offset (just after the object's `{`), followed by a comma unless the
        /// object is empty.
        case insertion(at: Int, objectIsEmpty: Bool)
    }

    /// Locates `path` (object keys from the top-level value down) in `bytes`.
    ///
    /// - Returns: `nil` when the text is not an object, a key before the last is missing or not an
    ///   object, or an object on the path has an escaped key.
    public static func locate(_ path: [String], in bytes: UnsafeBufferPointer<UInt8>) -> Location? {
        var scanner = Scanner(bytes: bytes)
        var objectStart = scanner.skipWhitespace()
        for (depth, key) in path.enumerated() {
            guard objectStart < bytes.count, bytes[objectStart] == UInt8(ascii: "{") else { return nil }
            let isLast = depth == path.count - 1
            guard let found = scanner.member(key, inObjectAt: objectStart, skippingValue: isLast) else { return nil }
            switch found {
            case .value(let range) where isLast:
                return .value(range)
            case .value(let range):
                objectStart = range.lowerBound
            case .missing(let isEmpty) where isLast:
                return .insertion(at: objectStart + 1, objectIsEmpty: isEmpty)
            case .missing:
                return nil
            }
        }
        return nil
    }

    private enum Member {
        case value(Range<Int>)
        case missing(objectIsEmpty: Bool)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        /// Moves past whitespace and returns the new offset.
        mutating func skipWhitespace() -> Int {
            while self.offset < self.bytes.count {
                switch self.bytes[self.offset] {
                case 0x20, 0x0A, 0x0D, 0x09: self.offset += 1
                default: return self.offset
                }
            }
            return self.offset
        }

        /// Looks for the first member named `key` in the object starting at `start`. Without
        /// `skippingValue` the value is not read and its range is empty, at its start.
        mutating func member(_ key: String, inObjectAt start: Int, skippingValue: Bool) -> Member? {
            self.offset = start + 1
            var isEmpty = true
            while true {
                guard self.skipWhitespace() < self.bytes.count else { return nil }
                switch self.bytes[self.offset] {
                case UInt8(ascii: "}"):
                    return .missing(objectIsEmpty: isEmpty)
                case UInt8(ascii: ","):
                    self.offset += 1
                    continue
                case UInt8(ascii: "\""):
                    isEmpty = false
                    guard let keyRange = self.skipString() else { return nil }
                    let keyBytes = UnsafeBufferPointer(rebasing: self.bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)])
                    if keyBytes.contains(UInt8(ascii: "\\")) { return nil }
                    let matches = keyBytes.elementsEqual(key.utf8)
                    guard self.skipWhitespace() < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: ":") else { return nil }
                    self.offset += 1
                    let valueStart = self.skipWhitespace()
                    if matches && !skippingValue { return .value(valueStart..<valueStart) }
                    guard self.skipValue() else { return nil }
                    if matches { return .value(valueStart..<self.offset) }
                default:
                    return nil
                }
            }
        }

        /// Moves past a string starting at the current offset; returns its range with the quotes.
        mutating func skipString() -> Range<Int>? {
            let start = self.offset
            self.offset += 1
            while self.offset < self.bytes.count {
                switch self.bytes[self.offset] {
                case UInt8(ascii: "\""):
                    self.offset += 1
                    return start..<self.offset
                case UInt8(ascii: "\\"):
                    self.offset += 2
                default:
                    self.offset += 1
                }
            }
            return nil
        }

        /// Moves past one value starting at the current offset.
        mutating func skipValue() -> Bool {
            guard self.offset < self.bytes.count else { return false }
            switch self.bytes[self.offset] {
            case UInt8(ascii: "\""):
                return self.skipString() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while self.offset < self.bytes.count {
                    switch self.bytes[self.offset] {
                    case UInt8(ascii: "\""):
                        guard self.skipString() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            self.offset += 1
                            return true
                        }
                    default:
                        break
                    }
                    self.offset += 1
                }
                return false
            default:
                // A number or a literal: runs until a delimiter.
                while self.offset < self.bytes.count {
                    switch self.bytes[self.offset] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                        return true
                    default:
                        self.offset += 1
                    }
                }
                return true
            }
        }
    }
}
