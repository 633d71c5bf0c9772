/// The OpenAPI schemas of Kubernetes' built-in types (generated into ``definitionsText`` by
/// `scripts/generate-openapi.py`), parsed once on first use.
public enum BuiltinSchemas {
    /// Every definition by its OpenAPI name (`io.k8s.api.apps.v1.Deployment`).
    public static let definitions: JSONObject = {
        guard case .object(let definitions) = try? JSONParser.parse(definitionsText) else {
            preconditionFailure("BuiltinSchemaText.swift does not hold a JSON object; regenerate it")
        }
        return definitions
    }()

    /// Every definition by its OpenAPI name, hashed: `definitions` keeps the generated order for
    /// the OpenAPI documents, this answers the lookups made while walking objects.
    public static let definitionsByName: [String: JSONValue] = {
        var byName: [String: JSONValue] = [:]
        for member in definitions { byName[member.key] = member.value }
        return byName
    }()

    /// Every definition by the `$ref` that points at it (`#/definitions/<name>`).
    private static let definitionsByReference: [String: JSONValue] = {
        var byReference: [String: JSONValue] = [:]
        for member in definitions { byReference["#/definitions/\(member.key)"] = member.value }
        return byReference
    }()

    /// The definition names by the kinds they describe (from `x-kubernetes-group-version-kind`).
    public static let namesByKind: [GroupVersionKind: String] = {
        var names: [GroupVersionKind: String] = [:]
        for member in definitions {
            for entry in member.value["x-kubernetes-group-version-kind"]?.arrayValue ?? [] {
                guard let kind = entry["kind"]?.stringValue, let version = entry["version"]?.stringValue else { continue }
                names[GroupVersionKind(group: entry["group"]?.stringValue ?? "", version: version, kind: kind)] = member.key
            }
        }
        return names
    }()

    /// The schema a `$ref` points at (following chains of references), or the schema itself.
    public static func resolve(_ schema: JSONValue?) -> JSONValue? {
        var current = schema
        for _ in 0..<8 {
            guard let reference = current?["$ref"]?.stringValue else { break }
            current = definitionsByReference[reference]
        }
        return current
    }

    /// The Kubernetes release the schemas come from, e.g. `v1.33.0`.
    public static var version: String { kubernetesVersion }
}
