/// A JSON document as Kubernetes objects travel: objects keep their members in order, and integers
/// stay exact (`Int64`) instead of becoming doubles.
///
/// Build one with ``JSONParser`` or literals, read it with the subscripts, and write it with
/// ``serialized()``.
///
/// ```swift
/// var pod = try JSONParser.parse(Array(#"{"kind":"Pod","metadata":{"name":"web"}}"#.utf8))
/// pod["metadata"]["namespace"] = "default"
/// let bytes = pod.serialized()
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` of an object; `nil` for a missing member or a value that is not an object.
    /// Setting a member of a non-object (including `nil`) first makes it an empty object; setting
    /// `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let object) = self else { return nil }
            return object[key]
        }
        set {
            var object: JSONObject
            if case .object(let existing) = self {
                object = existing
            } else {
                object = JSONObject()
            }
            self = .null  // drop the old reference so the object below is uniquely owned
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The value at a path of object members (`["spec", "nodeName"]`), or `nil` where one is missing.
    public subscript(path path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    /// The string, or `nil` for another kind of value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer (a double with an exact integer value counts), or `nil`.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .double(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// The boolean, or `nil` for another kind of value.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The object, or `nil` for another kind of value.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array, or `nil` for another kind of value.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name as Kubernetes' validation messages spell it (`string`, `integer`, `number`,
    /// `boolean`, `array`, `object`, `null`).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}
