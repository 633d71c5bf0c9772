/// JSON merge patch (RFC 7386): objects merge member by member, `null` deletes, anything else replaces.
public enum MergePatch {
    /// Applies `patch` to `target`.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result: JSONObject = target.objectValue ?? JSONObject()
        for member in patchObject {
            if member.value.isNull {
                result[member.key] = nil
            } else {
                result[member.key] = Self.apply(member.value, to: result[member.key] ?? .null)
            }
        }
        return .object(result)
    }
}
