extension JSONValue {
    /// Sets member `key` to `value` unless it is already present (the shape of every Kubernetes default).
    public mutating func setDefault(_ key: String, _ value: JSONValue) {
        if self[key] == nil || self[key]?.isNull == true {
            self[key] = value
        }
    }

    /// Applies `body` to member `key` when it is an object.
    public mutating func updateObject(_ key: String, _ body: (inout JSONValue) -> Void) {
        guard var member = self[key], case .object = member else { return }
        body(&member)
        self[key] = member
    }

    /// Applies `body` to every element of the array member `key`.
    public mutating func updateEach(_ key: String, _ body: (inout JSONValue) -> Void) {
        guard case .array(var elements)? = self[key] else { return }
        for index in elements.indices {
            body(&elements[index])
        }
        self[key] = .array(elements)
    }

    /// This value with every `null` object member removed, at any depth (array elements stay).
    public func removingNulls() -> JSONValue {
        switch self {
        case .object(let object):
            let kept = object.filter { !$0.value.isNull }.map { JSONObject.Member(key: $0.key, value: $0.value.removingNulls()) }
            return .object(JSONObject(uniqueMembers: kept))
        case .array(let elements):
            return .array(elements.map { $0.removingNulls() })
        default:
            return self
        }
    }
}
