/// Strategic merge patch, as far as Wharf implements it today: a JSON merge patch that understands
/// the `$patch: delete|replace` directive on maps and drops the `$setElementOrder/…`,
/// `$retainKeys` and `$deleteFromPrimitiveList/…` directive keys instead of storing them. Lists are
/// replaced whole (the schema-driven merge of lists by `patchMergeKey` is not implemented yet).
public enum StrategicMergePatch {
    /// Applies `patch` to `target`.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        switch patchObject["$patch"]?.stringValue {
        case "delete": return .null
        case "replace": return Self.withoutDirectives(patch)
        default: break
        }
        var result: JSONObject = target.objectValue ?? JSONObject()
        for member in patchObject where !member.key.hasPrefix("$") {
            if member.value.isNull {
                result[member.key] = nil
                continue
            }
            let merged = Self.apply(member.value, to: result[member.key] ?? .null)
            result[member.key] = merged.isNull ? nil : merged
        }
        return .object(result)
    }

    private static func withoutDirectives(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object.removeAll { $0.key.hasPrefix("$") }
        return .object(object)
    }
}
