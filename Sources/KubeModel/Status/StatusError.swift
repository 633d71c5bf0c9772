/// A failed API request as Kubernetes reports it: an HTTP code and a `Status` object with reason,
/// message and details. The factory methods word their messages as kube-apiserver does, because
/// clients and users match on them.
public struct StatusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code (also `Status.code`).
    public var code: Int
    /// The `Status.reason`, e.g. `NotFound`, `AlreadyExists`, `Invalid`.
    public var reason: String
    /// The `Status.message`.
    public var message: String
    /// `details.name`: the object the failure is about.
    public var name: String
    /// `details.group`.
    public var group: String
    /// `details.kind`: the kind or plural resource, as kube-apiserver fills it per reason.
    public var kind: String
    /// `details.causes`.
    public var causes: [StatusCause]
    /// `details.retryAfterSeconds`, also sent as a `Retry-After` header.
    public var retryAfterSeconds: Int?

    /// Creates an error with every field given.
    public init(
        code: Int, reason: String, message: String, name: String = "", group: String = "", kind: String = "",
        causes: [StatusCause] = [], retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(self.code) \(self.reason): \(self.message)" }

    /// The `Status` object (`kind: Status`, `status: Failure`).
    public var status: JSONValue {
        var details = JSONObject()
        if !self.name.isEmpty { details["name"] = .string(self.name) }
        if !self.group.isEmpty { details["group"] = .string(self.group) }
        if !self.kind.isEmpty { details["kind"] = .string(self.kind) }
        if !self.causes.isEmpty { details["causes"] = .array(self.causes.map(\.json)) }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .integer(Int64(retryAfterSeconds)) }

        var object: JSONObject = ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure"]
        object["message"] = .string(self.message)
        if !self.reason.isEmpty { object["reason"] = .string(self.reason) }
        if !details.isEmpty { object["details"] = .object(details) }
        object["code"] = .integer(Int64(self.code))
        return .object(object)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
