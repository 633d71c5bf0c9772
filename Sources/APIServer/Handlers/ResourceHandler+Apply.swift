import Foundation
import KubeModel
import NIOHTTP1

extension ResourceHandler {
    /// The media type of server-side apply requests.
    static let applyPatchType = "application/apply-patch+yaml"

    /// Whether a patch request is a server-side apply.
    static func isApply(_ request: APIRequest) -> Bool {
        let contentType = request.headers.first(name: "Content-Type") ?? ""
        return contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == Self.applyPatchType
    }

    /// Who a write is by, for `managedFields`: the `fieldManager` parameter, or the first part of the
    /// `User-Agent` (`kubectl/v1.33.0 …` → `kubectl`), as kube-apiserver derives it.
    func writer(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest) throws(StatusError)
        -> ServerSideApply.Writer
    {
        var manager = request.queryValue("fieldManager") ?? ""
        if manager.isEmpty {
            let agent = request.headers.first(name: "User-Agent") ?? ""
            manager = String(agent.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        guard manager.count <= 128, manager.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) else {
            throw .invalid(kind: GroupVersionKind(group: "meta.k8s.io", version: "v1", kind: "PatchOptions"), name: "", causes: [
                .invalid("fieldManager", value: manager, "must be at most 128 printable characters")
            ])
        }
        return ServerSideApply.Writer(
            manager: String(manager.prefix(128)), apiVersion: definition.resource.groupVersion.apiVersion,
            subresource: info.subresource, time: ObjectRules.timestamp(Date())
        )
    }

    /// The schema apply merges by: the CRD's for custom resources, the built-in definition otherwise.
    func structureSchema(_ definition: ResourceDefinition) -> JSONValue? {
        if let custom = definition.customResource { return custom.schema?.root }
        let storageKind = self.objects.version(of: definition).storageKind
        return BuiltinSchemas.namesByKind[storageKind].flatMap { BuiltinSchemas.definitionsByName[$0] }
    }

    /// `PATCH` with `application/apply-patch+yaml`: merges the applied configuration into the object
    /// (creating it when missing) and answers `409` when it would change fields other managers own,
    /// unless `force=true`.
    func apply(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> (object: JSONValue, created: Bool)
    {
        guard let manager = request.queryValue("fieldManager"), !manager.isEmpty else {
            throw StatusError.invalid(kind: GroupVersionKind(group: "meta.k8s.io", version: "v1", kind: "PatchOptions"), name: "", causes: [
                StatusCause(type: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager")
            ])
        }
        let force = request.queryValue("force") == "true"
        var applied = try YAMLBody.parse(request.body)
        guard case .object = applied else { throw StatusError.badRequest("an apply patch must be an object") }
        guard let apiVersion = applied.apiVersion, !apiVersion.isEmpty, let kind = applied.kind, !kind.isEmpty else {
            throw StatusError.badRequest("apiVersion and kind must be set in an apply patch")
        }
        try self.checkKind(definition, applied)
        applied = try self.checkFields(applied, definition, request)
        guard applied.name.isEmpty || applied.name == info.name else {
            throw StatusError.badRequest("the name of the object (\(applied.name)) does not match the name on the URL (\(info.name))")
        }
        applied.setMetadataString("name", info.name)
        if info.subresource.isEmpty && definition.subresources.contains("status") {
            // The main resource ignores status; the applier does not own what it cannot set.
            applied["status"] = nil
        }
        let writer = try self.writer(definition, info, request)
        let schema = self.structureSchema(definition)
        let version = self.objects.version(of: definition)
        do {
            let object = try await self.guaranteedUpdate(
                definition, info, request, precondition: applied.resourceVersion, writer: nil
            ) { current in
                try ServerSideApply.apply(applied, to: current, by: writer, force: force, schema: schema)
            }
            return (object, false)
        } catch let error as StatusError where error.code == 404 && info.subresource.isEmpty {
            var object = try ServerSideApply.apply(applied, to: nil, by: writer, force: force, schema: schema)
            object["metadata"]?["resourceVersion"] = nil
            let created = try await self.insert(definition, info, try await version.stored(fromServed: object), request, writer: nil)
            return (created, true)
        }
    }
}
