/// Strategic merge patch, as kube-apiserver applies it to built-in kinds: maps merge key by key,
/// `null` deletes, and lists whose schema declares `x-kubernetes-patch-strategy: merge` merge their
/// elements by `x-kubernetes-patch-merge-key` (or, for lists of scalars, as a set) instead of being
/// replaced. The directives are honoured: `$patch: delete|replace|merge` on maps and list elements,
/// `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and `$retainKeys`.
///
/// Kinds without a built-in schema (and fields whose schema declares no strategy) get JSON merge
/// patch semantics.
public enum StrategicMergePatch {
    /// Applies `patch` to `target`, an object of `kind`.
    public static func apply(_ patch: JSONValue, to target: JSONValue, kind: GroupVersionKind) -> JSONValue {
        let schema = BuiltinSchemas.namesByKind[kind].flatMap { BuiltinSchemas.definitionsByName[$0] }
        return Self.merge(patch, into: target, schema: schema)
    }

    /// Applies `patch` with no schema: maps merge, lists are replaced.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        Self.merge(patch, into: target, schema: nil)
    }

    private static func merge(_ patch: JSONValue, into target: JSONValue, schema: JSONValue?) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        switch patchObject["$patch"]?.stringValue {
        case "delete": return .null
        case "replace": return Self.withoutDirectives(patch)
        default: break
        }
        let schema = BuiltinSchemas.resolve(schema)
        var result: JSONObject = target.objectValue ?? JSONObject()
        for member in patchObject where !member.key.hasPrefix("$") {
            let property = BuiltinSchemas.resolve(schema?["properties"]?[member.key] ?? schema?["additionalProperties"])
            if member.value.isNull {
                result[member.key] = nil
                continue
            }
            let current = result[member.key] ?? .null
            let merged: JSONValue
            if case .array(let elements) = member.value {
                merged = Self.mergeList(elements, into: current.arrayValue ?? [], schema: property)
            } else if case .object = member.value, current.objectValue != nil || property != nil {
                merged = Self.merge(member.value, into: current, schema: property)
            } else {
                merged = Self.merge(member.value, into: .null, schema: property)
            }
            result[member.key] = merged.isNull ? nil : merged
        }
        for member in patchObject {
            let directive = "$deleteFromPrimitiveList/"
            if member.key.hasPrefix(directive), let values = member.value.arrayValue {
                let field = String(member.key.dropFirst(directive.count))
                if let list = result[field]?.arrayValue {
                    result[field] = .array(list.filter { !values.contains($0) })
                }
            }
        }
        for member in patchObject where member.key.hasPrefix("$setElementOrder/") {
            let field = String(member.key.dropFirst("$setElementOrder/".count))
            let property = BuiltinSchemas.resolve(schema?["properties"]?[field])
            if let order = member.value.arrayValue, let list = result[field]?.arrayValue {
                result[field] = .array(Self.ordered(list, by: order, mergeKey: property?["x-kubernetes-patch-merge-key"]?.stringValue))
            }
        }
        if let retained = patchObject["$retainKeys"]?.arrayValue {
            let keep = Set(retained.compactMap(\.stringValue))
            result.removeAll { !keep.contains($0.key) }
        }
        return .object(result)
    }

    private static func mergeList(_ patch: [JSONValue], into target: [JSONValue], schema: JSONValue?) -> JSONValue {
        let strategy = schema?["x-kubernetes-patch-strategy"]?.stringValue ?? ""
        guard strategy.split(separator: ",").contains("merge") else {
            return .array(patch.map { Self.withoutDirectives($0) })
        }
        let items = BuiltinSchemas.resolve(schema?["items"])
        guard let key = schema?["x-kubernetes-patch-merge-key"]?.stringValue else {
            // A set of scalars: add what is missing.
            var merged = target
            for value in patch where !merged.contains(value) { merged.append(value) }
            return .array(merged)
        }
        if patch.contains(where: { $0["$patch"] == "replace" }) {
            return .array(patch.filter { $0["$patch"] != "replace" }.map { Self.withoutDirectives($0) })
        }
        var merged = target
        for element in patch {
            let index = merged.firstIndex { $0[key] != nil && $0[key] == element[key] }
            if element["$patch"] == "delete" {
                if let index { merged.remove(at: index) }
            } else if let index {
                merged[index] = Self.merge(element, into: merged[index], schema: items)
            } else {
                merged.append(Self.merge(element, into: .null, schema: items))
            }
        }
        return .array(merged)
    }

    /// Orders a merged list as `$setElementOrder` says; elements it does not name keep their
    /// relative order after the named ones.
    private static func ordered(_ list: [JSONValue], by order: [JSONValue], mergeKey: String?) -> [JSONValue] {
        func identity(_ element: JSONValue) -> JSONValue? {
            guard let mergeKey else { return element }
            return element[mergeKey]
        }
        let wanted = order.map { mergeKey == nil ? $0 : ($0[mergeKey!] ?? $0) }
        var named: [JSONValue] = []
        for identifier in wanted {
            named += list.filter { identity($0) == identifier }
        }
        let rest = list.filter { element in !wanted.contains { $0 == identity(element) } }
        return named + rest
    }

    private static func withoutDirectives(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            let kept = object.filter { !$0.key.hasPrefix("$") }.map { JSONObject.Member(key: $0.key, value: Self.withoutDirectives($0.value)) }
            return .object(JSONObject(uniqueMembers: kept))
        case .array(let elements):
            return .array(elements.map(Self.withoutDirectives))
        default:
            return value
        }
    }
}
