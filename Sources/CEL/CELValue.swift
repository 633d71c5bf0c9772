/// A CEL value: the dynamic values an expression reads and produces.
///
/// Maps keep their insertion order (as JSON objects do) and look keys up by CEL equality, so
/// `{1: 'a'}[1u]` finds the entry. Durations and timestamps are kept in nanoseconds.
public enum CELValue: Sendable {
    /// A 64-bit signed integer (`int`).
    case int(Int64)
    /// A 64-bit unsigned integer (`uint`, written `1u`).
    case uint(UInt64)
    /// An IEEE 754 double (`double`).
    case double(Double)
    /// A Unicode string (`string`).
    case string(String)
    /// A byte sequence (`bytes`, written `b"..."`).
    case bytes([UInt8])
    /// `true` or `false` (`bool`).
    case bool(Bool)
    /// `null` (`null_type`).
    case null
    /// A list (`list`).
    case list([CELValue])
    /// A map (`map`), as its entries in order.
    case map([CELMapEntry])
    /// A type value, named as CEL names it (`int`, `string`, `list`, …), from `type(x)`.
    case type(String)
    /// A duration in nanoseconds (`google.protobuf.Duration`).
    case duration(Int64)
    /// An instant in nanoseconds since the Unix epoch (`google.protobuf.Timestamp`).
    case timestamp(Int64)
    /// A Kubernetes resource quantity (`quantity('1.5Gi')`), in nano-units.
    case quantity(Int128)

    /// The CEL name of this value's type, as `type()` returns it and error messages show it.
    public var typeName: String {
        switch self {
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .bool: "bool"
        case .null: "null_type"
        case .list: "list"
        case .map: "map"
        case .type: "type"
        case .duration: "google.protobuf.Duration"
        case .timestamp: "google.protobuf.Timestamp"
        case .quantity: "kubernetes.Quantity"
        }
    }

    /// The value of `key` when this value is a map and has it.
    public subscript(key: CELValue) -> CELValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key.celEquals(key) }?.value
    }
}

/// One key and value of a CEL map.
public struct CELMapEntry: Sendable {
    /// The key: an `int`, `uint`, `string` or `bool`.
    public var key: CELValue
    /// The value.
    public var value: CELValue

    /// Creates an entry.
    public init(key: CELValue, value: CELValue) {
        self.key = key
        self.value = value
    }
}
