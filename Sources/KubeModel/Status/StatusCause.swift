/// One reason a request failed, pointing at a field when it can (`details.causes[]` of a `Status`).
public struct StatusCause: Sendable, Hashable {
    /// A machine-readable cause such as `FieldValueInvalid` or `FieldValueRequired`.
    public var type: String
    /// What is wrong, for people.
    public var message: String
    /// The field path, e.g. `metadata.name`; empty when the cause is not about one field.
    public var field: String

    /// Creates a cause.
    public init(type: String, message: String, field: String = "") {
        self.type = type
        self.message = message
        self.field = field
    }

    var json: JSONValue {
        var object = JSONObject()
        if !self.type.isEmpty { object["reason"] = .string(self.type) }
        if !self.message.isEmpty { object["message"] = .string(self.message) }
        if !self.field.isEmpty { object["field"] = .string(self.field) }
        return .object(object)
    }
}

extension StatusCause {
    /// kube-apiserver's `Required value` cause.
    public static func required(_ field: String) -> StatusCause {
        StatusCause(type: "FieldValueRequired", message: "Required value", field: field)
    }

    /// kube-apiserver's `Invalid value` cause for a string value.
    public static func invalid(_ field: String, value: String, _ detail: String) -> StatusCause {
        StatusCause(type: "FieldValueInvalid", message: "Invalid value: \"\(value)\": \(detail)", field: field)
    }

    /// kube-apiserver's `Invalid value` cause for a number.
    public static func invalid(_ field: String, number: Int64, _ detail: String) -> StatusCause {
        StatusCause(type: "FieldValueInvalid", message: "Invalid value: \(number): \(detail)", field: field)
    }

    /// kube-apiserver's `Unsupported value` cause, listing the values it accepts.
    public static func notSupported(_ field: String, value: String, supported: [String]) -> StatusCause {
        let values = supported.map { "\"\($0)\"" }.joined(separator: ", ")
        return StatusCause(type: "FieldValueNotSupported", message: "Unsupported value: \"\(value)\": supported values: \(values)", field: field)
    }
}
