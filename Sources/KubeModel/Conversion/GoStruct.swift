/// An object built field by field the way Go's `encoding/json` writes a Kubernetes struct: in
/// declaration order, leaving out `omitempty` fields at their zero value, and writing the zero
/// value of fields without `omitempty` (`0`, `""`, `{}`, and `null` for an unset time). Conversions
/// build their output with it, so a converted object reads as kube-apiserver serves it.
struct GoStruct {
    private(set) var object = JSONObject()

    /// A Kubernetes object's first members: `kind` and `apiVersion` of `kind`, and the `metadata`
    /// of `object`.
    static func typed(_ kind: GroupVersionKind, metadataOf object: JSONValue) -> GoStruct {
        var typed = GoStruct()
        typed.always("kind", .string(kind.kind), zero: "")
        typed.always("apiVersion", .string(kind.groupVersion.apiVersion), zero: "")
        typed.always("metadata", object["metadata"], zero: [:])
        return typed
    }

    /// The object built so far.
    var value: JSONValue { .object(self.object) }

    /// A field without `omitempty`: its value, or `zero` when it is missing or `null`.
    mutating func always(_ key: String, _ value: JSONValue?, zero: JSONValue) {
        self.object[key] = value.flatMap { $0.isNull ? nil : $0 } ?? zero
    }

    /// An `omitempty` string, number or boolean: left out when missing, `null`, `""`, `0` or `false`.
    mutating func scalar(_ key: String, _ value: JSONValue?) {
        switch value {
        case nil, .null?, .string("")?, .integer(0)?, .bool(false)?: return
        case .double(let number)? where number == 0: return
        case let value?: self.object[key] = value
        }
    }

    /// An `omitempty` pointer: left out only when missing or `null`.
    mutating func pointer(_ key: String, _ value: JSONValue?) {
        guard let value, !value.isNull else { return }
        self.object[key] = value
    }

    /// An `omitempty` slice or map: left out when missing, `null` or empty.
    mutating func collection(_ key: String, _ value: JSONValue?) {
        switch value {
        case nil, .null?: return
        case .array(let elements)? where elements.isEmpty: return
        case .object(let members)? where members.isEmpty: return
        case let value?: self.object[key] = value
        }
    }

    /// Sets one field as Go writes it.
    mutating func set(_ key: String, _ value: JSONValue?, _ field: GoField) {
        switch field {
        case .always(let zero): self.always(key, value, zero: zero)
        case .scalar: self.scalar(key, value)
        case .pointer: self.pointer(key, value)
        case .collection: self.collection(key, value)
        }
    }

    /// The `fields` of `object`, in their order, as Go writes them.
    static func fields(_ fields: [(name: String, field: GoField)], of object: JSONValue) -> JSONValue {
        var out = GoStruct()
        for (name, field) in fields {
            out.set(name, object[name], field)
        }
        return out.value
    }
}
