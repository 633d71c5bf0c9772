/// The `paths` of an OpenAPI v3 group-version document: for each resource its collection and item
/// paths with the operations it supports. kubectl reads them to find a resource's schema
/// (`explain`) and to learn that the server validates fields itself (the `fieldValidation` parameter).
enum OpenAPIPaths {
    /// The paths of `definitions`, whose kinds' schemas `schemaName` names.
    static func paths(for definitions: [ResourceDefinition], schemaName: (ResourceDefinition) -> String?) -> JSONObject {
        var paths = JSONObject()
        for definition in definitions where definition.storagePath != nil {
            guard let kindSchema = schemaName(definition) else { continue }
            let listKind = GroupVersionKind(group: definition.resource.group, version: definition.resource.version, kind: definition.listKind)
            let listSchema = BuiltinSchemas.namesByKind[listKind] ?? kindSchema
            let groupVersion = definition.resource.groupVersion
            let root = groupVersion.group.isEmpty ? "/api/\(groupVersion.version)" : "/apis/\(groupVersion.group)/\(groupVersion.version)"
            let scope = definition.namespaced ? "\(root)/namespaces/{namespace}" : root
            let collection = "\(scope)/\(definition.resource.resource)"
            let gvk = Self.kindExtension(definition.groupVersionKind)

            var collectionOperations: JSONObject = [
                "get": Self.operation("list", gvk: gvk, responseSchema: listSchema, writes: false, parameters: definition.namespaced),
            ]
            if definition.supports("create") {
                collectionOperations["post"] = Self.operation("post", gvk: gvk, responseSchema: kindSchema, writes: true, parameters: definition.namespaced)
            }
            paths[collection] = .object(collectionOperations)
            paths["\(collection)/{name}"] = [
                "get": Self.operation("get", gvk: gvk, responseSchema: kindSchema, writes: false, parameters: definition.namespaced, named: true),
                "put": Self.operation("put", gvk: gvk, responseSchema: kindSchema, writes: true, parameters: definition.namespaced, named: true),
                "patch": Self.operation("patch", gvk: gvk, responseSchema: kindSchema, writes: true, parameters: definition.namespaced, named: true),
                "delete": Self.operation("delete", gvk: gvk, responseSchema: "io.k8s.apimachinery.pkg.apis.meta.v1.Status", writes: false, parameters: definition.namespaced, named: true),
            ]
            if definition.namespaced {
                paths["\(root)/\(definition.resource.resource)"] = [
                    "get": Self.operation("list", gvk: gvk, responseSchema: listSchema, writes: false, parameters: false)
                ]
            }
        }
        return paths
    }

    private static func kindExtension(_ kind: GroupVersionKind) -> JSONValue {
        ["group": .string(kind.group), "version": .string(kind.version), "kind": .string(kind.kind)]
    }

    private static func parameter(_ name: String, in location: String = "query") -> JSONValue {
        ["name": .string(name), "in": .string(location), "schema": ["type": "string"], "required": .bool(location == "path")]
    }

    private static func operation(
        _ action: String, gvk: JSONValue, responseSchema: String, writes: Bool, parameters namespaced: Bool, named: Bool = false
    ) -> JSONValue {
        var parameters: [JSONValue] = []
        if named { parameters.append(Self.parameter("name", in: "path")) }
        if namespaced { parameters.append(Self.parameter("namespace", in: "path")) }
        if writes {
            parameters += [Self.parameter("dryRun"), Self.parameter("fieldManager"), Self.parameter("fieldValidation")]
        }
        let reference: JSONValue = ["$ref": .string("#/components/schemas/\(responseSchema)")]
        var operation: JSONObject = [
            "parameters": .array(parameters),
            "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": reference]]]],
            "x-kubernetes-action": .string(action),
            "x-kubernetes-group-version-kind": gvk,
        ]
        if writes && action != "patch" {
            operation["requestBody"] = ["content": ["*/*": ["schema": reference]], "required": true]
        }
        return .object(operation)
    }
}
