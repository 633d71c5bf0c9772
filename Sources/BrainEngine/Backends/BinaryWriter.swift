import Foundation

/// Appends fixed-width integers and length-prefixed bytes in big-endian order, for brain's log
/// and snapshot files.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: value))
    }

    mutating func write(_ value: Bool) {
        write(value ? UInt8(1) : UInt8(0))
    }

    /// Writes a 32-bit length, then the bytes.
    mutating func write(_ data: Data) {
        write(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func write(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Empties the writer, keeping its capacity for what comes next.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }
}
