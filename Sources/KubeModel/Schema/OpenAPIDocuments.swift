/// The OpenAPI documents an API server serves for its resources: `/openapi/v2` (one document), and
/// `/openapi/v3` (an index) with one document per group version. kubectl reads them for `explain`,
/// client-side validation and strategic-merge-patch metadata.
///
/// Documents are built and serialized once; the v3 index links each group version with a content
/// hash, so clients cache them.
public struct OpenAPIDocuments: Sendable {
    /// The serialized `/openapi/v2` document.
    public let version2: [UInt8]
    /// The `/openapi/v2` document in gnostic's protobuf form.
    public let version2Protobuf: [UInt8]
    /// The serialized `/openapi/v3` index.
    public let version3Index: [UInt8]
    /// The serialized `/openapi/v3/<path>` documents by path (`api/v1`, `apis/apps/v1`).
    public let version3: [String: [UInt8]]

    /// Builds the documents for the kinds in `catalog` that have schemas: built-in ones, and custom
    /// resources with their CRD's schema.
    public init(catalog: ResourceCatalog) {
        let info: JSONValue = ["title": "Kubernetes", "version": .string(BuiltinSchemas.version)]
        let custom = Self.customDefinitions(catalog)
        var definitions = BuiltinSchemas.definitions
        for name in custom.keys.sorted() { definitions[name] = custom[name] }
        let version2: JSONValue = [
            "swagger": "2.0", "info": info, "paths": [:], "definitions": .object(definitions),
        ]
        self.version2 = version2.serialized()
        self.version2Protobuf = OpenAPIv2Protobuf.encode(version2)

        var documents: [String: [UInt8]] = [:]
        var index = JSONObject()
        for groupVersion in catalog.groupVersions {
            let roots = catalog.definitions(in: groupVersion).compactMap(Self.schemaName)
            guard !roots.isEmpty else { continue }
            let path = groupVersion.group.isEmpty ? "api/\(groupVersion.version)" : "apis/\(groupVersion.group)/\(groupVersion.version)"
            let listRoots = catalog.definitions(in: groupVersion).compactMap {
                BuiltinSchemas.namesByKind[GroupVersionKind(group: $0.resource.group, version: $0.resource.version, kind: $0.listKind)]
            }
            let schemas = Self.closure(of: roots + listRoots + Self.commonRoots, custom: custom)
            let document: JSONValue = [
                "openapi": "3.0.0", "info": info, "paths": .object(OpenAPIPaths.paths(for: catalog.definitions(in: groupVersion), schemaName: Self.schemaName)),
                "components": ["schemas": .object(schemas)],
            ]
            let bytes = document.serialized()
            documents[path] = bytes
            index[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(Self.hash(bytes))")]
        }
        self.version3 = documents
        self.version3Index = JSONValue.object(["paths": .object(index)]).serialized()
    }

    /// The name of the definition describing a resource's kind, built-in or custom.
    private static func schemaName(_ definition: ResourceDefinition) -> String? {
        definition.customResource != nil ? Self.customDefinitionName(definition) : BuiltinSchemas.namesByKind[definition.groupVersionKind]
    }

    /// A custom resource's definition name, as kube-apiserver names it: the group reversed, the
    /// version, the kind (`com.example.stable.v1.CronTab`).
    private static func customDefinitionName(_ definition: ResourceDefinition) -> String {
        let group = definition.resource.group.split(separator: ".").reversed().joined(separator: ".")
        return "\(group).\(definition.resource.version).\(definition.kind)"
    }

    /// The schemas of the custom resources in `catalog`, by definition name: the CRD's schema with
    /// the members every object has, and the kind it describes.
    private static func customDefinitions(_ catalog: ResourceCatalog) -> [String: JSONValue] {
        var definitions: [String: JSONValue] = [:]
        for definition in catalog.definitions {
            guard let custom = definition.customResource else { continue }
            var schema = custom.schema?.root ?? ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
            var properties = schema["properties"]?.objectValue ?? JSONObject()
            properties["apiVersion"] = properties["apiVersion"] ?? ["type": "string"]
            properties["kind"] = properties["kind"] ?? ["type": "string"]
            properties["metadata"] = ["$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]
            schema["properties"] = .object(properties)
            schema["x-kubernetes-group-version-kind"] = [[
                "group": .string(definition.resource.group), "version": .string(definition.resource.version),
                "kind": .string(definition.kind),
            ]]
            definitions[Self.customDefinitionName(definition)] = schema
        }
        return definitions
    }

    /// Definitions every group version document carries (lists, status, delete options).
    private static let commonRoots = [
        "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
        "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList",
    ]

    /// The named definitions and everything they reference, with references rewritten to
    /// `#/components/schemas/…` and a `$ref` that has sibling keys wrapped in `allOf`, as OpenAPI 3 needs.
    private static func closure(of roots: [String], custom: [String: JSONValue]) -> JSONObject {
        var pending = roots
        var seen = Set<String>()
        var schemas = JSONObject()
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let definition = custom[name] ?? BuiltinSchemas.definitionsByName[name] else { continue }
            var references: [String] = []
            schemas[name] = Self.version3Schema(definition, references: &references)
            pending += references
        }
        return schemas
    }

    private static let version2Prefix = "#/definitions/"

    private static func version3Schema(_ schema: JSONValue, references: inout [String]) -> JSONValue {
        switch schema {
        case .array(let elements):
            return .array(elements.map { Self.version3Schema($0, references: &references) })
        case .object(let object):
            var rewritten = JSONObject()
            var reference: String?
            for member in object {
                if member.key == "$ref", let target = member.value.stringValue, target.hasPrefix(Self.version2Prefix) {
                    let name = String(target.dropFirst(Self.version2Prefix.count))
                    references.append(name)
                    reference = "#/components/schemas/\(name)"
                } else {
                    rewritten[member.key] = Self.version3Schema(member.value, references: &references)
                }
            }
            guard let reference else { return .object(rewritten) }
            if rewritten.isEmpty {
                return ["$ref": .string(reference)]
            }
            rewritten["allOf"] = [["$ref": .string(reference)]]
            return .object(rewritten)
        default:
            return schema
        }
    }

    /// A stable content hash (FNV-1a, 64 bits) in upper-case hex, for cache-busting URLs.
    private static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
