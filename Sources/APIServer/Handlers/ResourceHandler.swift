import Foundation
import KubeModel
import Logging
import NIOHTTP1
import StoreCore

/// Serves the verbs of stored resources (get, list, watch, create, update, patch, delete,
/// deletecollection, and the `status` subresource) over an ``ObjectStore``.
struct ResourceHandler: Sendable {
    let served: ServedResources
    let objects: ObjectStore
    let admission: AdmissionControl
    let addresses: ServiceAddressAllocator
    let eventLeases: EventLeases
    let watchCaches: WatchCaches
    let authenticator: Authenticator
    let authorizer: any Authorizer
    let logger: Logger
    /// Whether the garbage collector runs, so deletes add its `orphan` and `foregroundDeletion` finalizers.
    let garbageCollection: Bool

    /// Everything served now.
    var catalog: ResourceCatalog { self.served.catalog }

    /// Answers one resource request; every failure becomes a `Status` response, and warnings
    /// raised while serving it become `Warning` headers.
    func handle(_ info: RequestInfo.ResourceRequest, _ request: APIRequest) async -> APIResponse {
        let warnings = RequestWarnings()
        var response = await RequestWarnings.$current.withValue(warnings) {
            await self.serve(info, request)
        }
        for message in warnings.all {
            response.headers.add(name: "Warning", value: RequestWarnings.headerValue(message))
        }
        return response
    }

    private func serve(_ info: RequestInfo.ResourceRequest, _ request: APIRequest) async -> APIResponse {
        guard let definition = self.catalog.definition(for: info.groupVersionResource) else {
            return .status(.pathNotFound)
        }
        do {
            guard definition.storagePath != nil else {
                guard info.verb == "create", info.subresource.isEmpty else {
                    throw StatusError.methodNotSupported(definition.resource, verb: info.verb)
                }
                let review = try self.decodeBody(definition, request)
                let answered = try await ReviewHandler(authenticator: self.authenticator, authorizer: self.authorizer).answer(
                    review, kind: definition.kind, user: request.user, namespace: info.namespace
                )
                return Self.respond(answered, request, status: .created)
            }
            guard info.subresource.isEmpty || definition.subresources.contains(info.subresource) else {
                throw StatusError.pathNotFound
            }
            guard definition.supports(info.verb) else {
                throw StatusError.methodNotSupported(definition.resource, verb: info.verb)
            }
            if !info.namespace.isEmpty && !definition.namespaced {
                throw StatusError.pathNotFound
            }
            if info.subresource == "scale" {
                return try await self.scale(definition, info, request)
            }
            if info.subresource == "token" {
                return Self.respond(try await self.requestToken(definition, info, request), request, status: .created)
            }
            if ["log", "exec", "attach", "portforward"].contains(info.subresource) {
                _ = try await self.objects.get(definition, namespace: info.namespace, name: info.name)
                throw StatusError.badRequest(
                    "pod \"\(info.name)\" runs on no node: Wharf has no kubelet, so \(info.subresource) is not available"
                )
            }
            // An unacceptable Accept is refused before any write, as kube-apiserver negotiates first.
            _ = try Self.responseFormat(definition, request, list: ["list", "watch", "deletecollection"].contains(info.verb))
            switch info.verb {
            case "get":
                // As stored: a custom resource converts once, straight to the requested version.
                let object = try await self.objects.read(definition, namespace: info.namespace, name: info.name)
                return try await self.render(object, definition, request)
            case "list":
                return try await self.list(definition, info, request)
            case "watch":
                return try await self.watch(definition, info, request)
            case "create":
                let object = try await self.create(definition, info, request)
                return try await self.render(object, definition, request, status: .created)
            case "update":
                let result = try await self.update(definition, info, request)
                return try await self.render(result.object, definition, request, status: result.created ? .created : .ok)
            case "patch" where Self.isApply(request):
                let result = try await self.apply(definition, info, request)
                return try await self.render(result.object, definition, request, status: result.created ? .created : .ok)
            case "patch":
                let object = try await self.patch(definition, info, request)
                return try await self.render(object, definition, request)
            case "delete":
                let result = try await self.delete(definition, info, request)
                return try await self.render(result.object, definition, request, status: result.status)
            case "deletecollection":
                return try await self.deleteCollection(definition, info, request)
            default:
                throw StatusError.methodNotSupported(definition.resource, verb: info.verb)
            }
        } catch let error as StatusError {
            return .status(error)
        } catch {
            self.logger.error("request failed", metadata: ["error": "\(error)", "k8s.resource": "\(definition.resource)"])
            return .status(.internalError("\(error)"))
        }
    }

    /// The `scale` subresource: reads answer the `Scale` view, writes change `spec.replicas` only.
    private func scale(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> APIResponse
    {
        let paths = definition.customResource?.scale
        switch info.verb {
        case "get":
            let object = try await self.objects.get(definition, namespace: info.namespace, name: info.name)
            return Self.respond(ScaleSubresource.scale(of: object, paths: paths), request)
        case "update":
            let body = try Self.parseJSON(request.body)
            let writer = try self.writer(definition, info, request)
            let object = try await self.guaranteedUpdate(definition, info, request, precondition: body.resourceVersion, writer: writer) {
                try ScaleSubresource.apply(body, to: $0, kind: definition.groupVersionKind, paths: paths)
            }
            return Self.respond(ScaleSubresource.scale(of: object, paths: paths), request)
        case "patch":
            let apply = try self.patchFunction(request, kind: GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"))
            let writer = try self.writer(definition, info, request)
            let object = try await self.guaranteedUpdate(definition, info, request, precondition: "", writer: writer) { current in
                let patched = try apply(ScaleSubresource.scale(of: current, paths: paths))
                return try ScaleSubresource.apply(patched, to: current, kind: definition.groupVersionKind, paths: paths)
            }
            return Self.respond(ScaleSubresource.scale(of: object, paths: paths), request)
        default:
            throw StatusError.methodNotSupported(definition.resource, verb: info.verb)
        }
    }

    /// Writes an object (of the storage version, or of any version sharing the storage) in the
    /// representation and encoding the client accepts: the requested version's JSON or protobuf,
    /// or a Table or PartialObjectMetadata (see ``TableConverter``).
    func render(_ object: JSONValue, _ definition: ResourceDefinition, _ request: APIRequest, status: HTTPResponseStatus = .ok)
        async throws(StatusError) -> APIResponse
    {
        let format = try Self.responseFormat(definition, request, list: false)
        if format.representation == .partialObjectMetadata {
            return .encoded(Self.partialMetadata(object), format, status: status)
        }
        let version = self.objects.version(of: definition)
        let served = try await version.served(object)
        guard format.representation == .table else { return .encoded(served, format, status: status) }
        // Built-in kinds print their storage version; custom resources print the served one.
        let printed = version.readsStorageVersion ? try await version.stored(object) : served
        let table = TableConverter(definition: definition).table(
            for: [printed], served: [served], listResourceVersion: nil, continueToken: nil, request: request
        )
        return .json(table, status: status)
    }

    /// The format the request's `Accept` header negotiates for objects (or lists) of `definition`:
    /// protobuf is available for the built-in kinds that have a protobuf schema.
    ///
    /// - Throws: ``StatusError`` `406` when the client accepts only protobuf and the kind has none.
    static func responseFormat(_ definition: ResourceDefinition, _ request: APIRequest, list: Bool)
        throws(StatusError) -> ResponseFormat
    {
        let kind = definition.groupVersionKind
        let builtin = definition.customResource == nil
        let protobuf = builtin && KubeProtobuf.canEncode(apiVersion: kind.groupVersion.apiVersion, kind: kind.kind)
        guard let format = ResponseFormat(accept: request.headers["Accept"].joined(separator: ","), protobuf: protobuf) else {
            let type = builtin ? "*\(kind.version).\(kind.kind)" : "*unstructured.Unstructured"
            throw .notAcceptable(goType: type + (list ? "List" : ""))
        }
        return format
    }

    /// Writes a response object that is not of `definition`'s kind (a review, `Scale`,
    /// `TokenRequest`) in protobuf when the client prefers it and the object's kind has a schema.
    static func respond(_ object: JSONValue, _ request: APIRequest, status: HTTPResponseStatus = .ok) -> APIResponse {
        let protobuf = KubeProtobuf.canEncode(
            apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? ""
        )
        let format = ResponseFormat(accept: request.headers["Accept"].joined(separator: ","), protobuf: protobuf)
        return .encoded(object, format ?? .json, status: status)
    }

    /// An object reduced to `PartialObjectMetadata`.
    static func partialMetadata(_ object: JSONValue) -> JSONValue {
        ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object.metadata]
    }

    // MARK: list

    private func list(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> APIResponse
    {
        let options = try self.listOptions(definition, request)
        let result = try await self.objects.list(definition, namespace: info.namespace, options: options)
        var metadata = JSONObject()
        metadata["resourceVersion"] = .string(String(result.revision))
        if let token = result.continueToken { metadata["continue"] = .string(token) }
        if let remaining = result.remainingItemCount { metadata["remainingItemCount"] = .integer(remaining) }

        let format = try Self.responseFormat(definition, request, list: true)
        switch format.representation {
        case .table:
            let table = TableConverter(definition: definition).table(
                for: try result.objects(), served: try result.servedObjects(), listResourceVersion: result.revision,
                continueToken: result.continueToken, request: request
            )
            return .json(table)
        case .partialObjectMetadata:
            let list: JSONValue = [
                "kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
                "items": .array(try result.objects().map(Self.partialMetadata)),
            ]
            return .encoded(list, format)
        case .object:
            var envelope: JSONValue = [
                "kind": .string(definition.listKind), "apiVersion": .string(definition.resource.groupVersion.apiVersion),
                "metadata": .object(metadata),
            ]
            guard format.isProtobuf else {
                return .json(serialized: try Self.listBody(envelope: envelope, items: result.items))
            }
            var items: [JSONValue] = []
            items.reserveCapacity(result.items.count)
            for item in result.items {
                items.append(try item.servedObject())
            }
            envelope["items"] = .array(items)
            return .encoded(envelope, format)
        }
    }

    /// A list's JSON text: the envelope's members, then `items` written from the stored bytes.
    static func listBody(envelope: JSONValue, items: [ListedObject]) throws(StatusError) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(items.reduce(256) { $0 + $1.stored.value.count + 16 })
        envelope.write(to: &body)
        body.removeLast()  // the envelope's closing brace
        body.append(contentsOf: #","items":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            try item.writeJSON(to: &body)
        }
        body.append(contentsOf: "]}".utf8)
        return body
    }

    /// kube-apiserver's rules for `resourceVersionMatch`, answered as an invalid `ListOptions`.
    static func checkResourceVersionMatch(_ options: ListOptions, watch: Bool) throws(StatusError) {
        let match = options.resourceVersionMatch
        guard !match.isEmpty else { return }
        func forbidden(_ message: String) -> StatusCause {
            StatusCause(type: "FieldValueForbidden", message: "Forbidden: \(message)", field: "resourceVersionMatch")
        }
        let cause: StatusCause?
        if watch {
            cause = forbidden("resourceVersionMatch is forbidden for watch")
        } else if options.resourceVersion.isEmpty {
            cause = forbidden("resourceVersionMatch is forbidden unless resourceVersion is provided")
        } else if options.continueToken != nil {
            cause = forbidden("resourceVersionMatch is forbidden when continue is provided")
        } else if match != "Exact" && match != "NotOlderThan" {
            cause = StatusCause(
                type: "FieldValueNotSupported",
                message: "Unsupported value: \"\(match)\": supported values: \"Exact\", \"NotOlderThan\", \"\"",
                field: "resourceVersionMatch"
            )
        } else if match == "Exact" && options.resourceVersion == "0" {
            cause = forbidden("resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")
        } else {
            cause = nil
        }
        if let cause {
            throw .invalid(kind: GroupVersionKind(group: "meta.k8s.io", version: "v1", kind: "ListOptions"), name: "", causes: [cause])
        }
    }

    /// Reads `limit`, `continue`, `resourceVersion`, `resourceVersionMatch` and the selectors.
    func listOptions(_ definition: ResourceDefinition, _ request: APIRequest) throws(StatusError) -> ListOptions {
        var options = ListOptions()
        if let limit = request.queryValue("limit"), !limit.isEmpty {
            guard let value = Int64(limit), value >= 0 else {
                throw .badRequest("limit must be a non-negative integer: \(limit)")
            }
            options.limit = value
        }
        options.continueToken = request.queryValue("continue").flatMap { $0.isEmpty ? nil : $0 }
        options.resourceVersion = request.queryValue("resourceVersion") ?? ""
        options.resourceVersionMatch = request.queryValue("resourceVersionMatch") ?? ""
        if options.continueToken != nil && !options.resourceVersion.isEmpty && options.resourceVersion != "0" {
            throw .badRequest("specifying resource version is not allowed when using continue")
        }
        if !options.resourceVersion.isEmpty && Revision(options.resourceVersion) == nil {
            throw .badRequest("invalid resource version: \(options.resourceVersion)")
        }
        try Self.checkResourceVersionMatch(options, watch: request.queryFlag("watch"))
        let labelSelector = try LabelSelector(parsing: request.queryValue("labelSelector") ?? "")
        let fieldSelector = try FieldSelector(parsing: request.queryValue("fieldSelector") ?? "", definition: definition)
        if !labelSelector.isEmpty || !fieldSelector.isEmpty {
            options.filter = { labelSelector.matches($0.labels) && fieldSelector.matches($0) }
        }
        return options
    }
}
