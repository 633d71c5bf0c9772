import Foundation
import KubeModel
import NIOHTTP1
import StoreCore

extension ResourceHandler {
    /// How many times a write without a `resourceVersion` precondition is retried when another
    /// writer got in between its read and its transaction.
    static let conflictRetries = 8

    // MARK: create

    func create(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> JSONValue
    {
        guard info.name.isEmpty else { throw StatusError.methodNotSupported(definition.resource, verb: "create") }
        let requested = try self.checkFields(try self.decodeBody(definition, request), definition, request)
        guard requested.resourceVersion.isEmpty else {
            throw StatusError.badRequest("resourceVersion should not be set on objects to be created")
        }
        var object = try await self.objects.version(of: definition).stored(fromServed: requested)
        object["metadata"]?["managedFields"] = nil
        return try await self.insert(definition, info, object, request, writer: try self.writer(definition, info, request))
    }

    /// Creates an object already in the storage version: kube-apiserver's create rules, the
    /// writer's fields recorded (`nil` when the caller recorded them, as apply does), then the store.
    func insert(
        _ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ stored: JSONValue, _ request: APIRequest,
        writer: ServerSideApply.Writer?
    ) async throws -> JSONValue {
        // From here on the object is in the storage version, as kube-apiserver's strategies see
        // its internal version. NamespaceLifecycle admission comes first (it sees the name before
        // generation); mutating admission sees the object before the create rules, validating
        // admission after them, as in kube-apiserver.
        let namespace = info.namespace.isEmpty ? stored.namespace : info.namespace
        if definition.namespaced && !namespace.isEmpty && self.admission.plugins.contains(.namespaceLifecycle) {
            let admittedName = stored.name.isEmpty ? stored.metadataString("generateName") : stored.name
            try await self.admitCreate(in: namespace, definition, name: admittedName)
        }
        let version = self.objects.version(of: definition)
        var attributes = self.admissionAttributes("CREATE", definition, info, request, object: try await version.served(stored), oldObject: nil)
        var object = stored
        if let mutated = try await self.admission.mutate(attributes) {
            object = try await version.stored(fromServed: mutated)
        }
        try ObjectRules.prepareForCreate(&object, self.storageDefinition(definition), requestNamespace: info.namespace)
        if let writer {
            ServerSideApply.recordUpdate(from: nil, to: &object, by: writer, schema: self.structureSchema(definition))
        }
        attributes.object = try await version.served(object)
        attributes.name = object.name
        try await self.admission.validate(attributes)
        if Self.isCoreService(definition) {
            return try await self.createService(definition, object, dryRun: Self.isDryRun(request))
        }
        if Self.isDryRun(request) {
            return object
        }
        let lease = definition.kind == "Event" ? try await self.eventLeases.lease(in: self.objects.store) : 0
        return try await self.objects.create(definition, object, lease: lease)
    }

    /// The definition of the version `definition`'s objects are stored in: itself, unless another
    /// version shares its storage (`events.k8s.io/v1` events are stored as core `v1`).
    func storageDefinition(_ definition: ResourceDefinition) -> ResourceDefinition {
        let storageKind = self.objects.version(of: definition).storageKind
        guard storageKind != definition.groupVersionKind else { return definition }
        if let stored = self.catalog.definition(for: storageKind) { return stored }
        var stored = definition
        stored.resource = GroupVersionResource(group: storageKind.group, version: storageKind.version, resource: definition.resource.resource)
        stored.kind = storageKind.kind
        return stored
    }

    static func isCoreService(_ definition: ResourceDefinition) -> Bool {
        definition.resource.group.isEmpty && definition.kind == "Service"
    }

    /// Creates a Service with a freshly allocated cluster IP and node ports, retrying when another
    /// Service took the same address in between.
    func createService(_ definition: ResourceDefinition, _ object: JSONValue, dryRun: Bool) async throws -> JSONValue {
        for _ in 0..<Self.conflictRetries {
            var service = object
            let taken = try await self.objects.keys(withPrefix: self.addresses.markerPrefix)
            try self.addresses.allocate(&service, taken: taken)
            if dryRun {
                return service
            }
            let created: JSONValue
            do {
                created = try await self.objects.create(definition, service, reserving: self.addresses.markers(of: service))
            } catch {
                guard error == ObjectStore.reservationTaken else { throw error }
                if let requested = object["spec"]?["clusterIP"]?.stringValue, !requested.isEmpty, requested != "None" {
                    throw StatusError.invalid(kind: definition.groupVersionKind, name: object.name, causes: [
                        .invalid("spec.clusterIPs", value: requested, "provided IP is already allocated")
                    ])
                }
                continue
            }
            return created
        }
        throw StatusError.internalError("failed to allocate a service address after \(Self.conflictRetries) attempts")
    }

    /// kube-apiserver's `NamespaceLifecycle` admission for a create: the namespace must exist
    /// (`404` otherwise) and must not be terminating (`403` with a `NamespaceTerminating` cause).
    func admitCreate(in namespace: String, _ definition: ResourceDefinition, name: String) async throws {
        guard let namespaces = self.catalog.definition(for: NamespaceLifecycle.namespaces) else { return }
        let current = try await self.objects.get(namespaces, namespace: "", name: namespace)
        guard current.isBeingDeleted || current["status"]?["phase"]?.stringValue == NamespaceLifecycle.terminating else { return }
        throw StatusError.forbidden(
            definition.resource, name: name.isEmpty ? "Unknown" : name,
            "unable to create new content in namespace \(namespace) because it is being terminated",
            causes: [StatusCause(type: NamespaceLifecycle.terminatingCause, message: "namespace \(namespace) is being terminated", field: "metadata.namespace")]
        )
    }

    // MARK: update and patch

    func update(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> (object: JSONValue, created: Bool)
    {
        let body = try self.checkFields(try self.decodeBody(definition, request), definition, request)
        guard body.name == info.name else {
            throw StatusError.badRequest(
                "the name of the object (\(body.name)) does not match the name on the URL (\(info.name))"
            )
        }
        let object = try await self.guaranteedUpdate(
            definition, info, request, precondition: body.resourceVersion, writer: try self.writer(definition, info, request)
        ) { _ in body }
        return (object, false)
    }

    func patch(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> JSONValue
    {
        let apply = try self.patchFunction(request, kind: definition.groupVersionKind, strategic: definition.customResource == nil)
        let precondition = (try? apply(.object(JSONObject())))?.resourceVersion ?? ""
        let writer = try self.writer(definition, info, request)
        return try await self.guaranteedUpdate(definition, info, request, precondition: precondition, writer: writer) { current in
            var patched = try self.checkFields(try apply(current), definition, request)
            guard patched.name == info.name || patched.name.isEmpty else {
                throw StatusError.badRequest("the name of the object (\(patched.name)) does not match the name on the URL (\(info.name))")
            }
            patched.setMetadataString("name", info.name)
            return patched
        }
    }

    /// The function a patch request applies to the current object, by its `Content-Type`; strategic
    /// merge patches only where the kind has a Go struct to merge by (not custom resources).
    func patchFunction(_ request: APIRequest, kind: GroupVersionKind, strategic: Bool = true) throws -> @Sendable (JSONValue) throws -> JSONValue {
        let contentType = (request.headers.first(name: "Content-Type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        let patch: JSONValue
        do {
            patch = try JSONParser.parse(request.body)
        } catch {
            throw StatusError.badRequest("error decoding patch: \(error)")
        }
        switch contentType {
        case "application/merge-patch+json":
            guard case .object = patch else { throw StatusError.badRequest("a merge patch must be a JSON object") }
            return { MergePatch.apply(patch, to: $0) }
        case "application/strategic-merge-patch+json" where !strategic:
            throw StatusError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            )
        case "application/strategic-merge-patch+json":
            guard case .object = patch else { throw StatusError.badRequest("a strategic merge patch must be a JSON object") }
            return { StrategicMergePatch.apply(patch, to: $0, kind: kind) }
        case "application/json-patch+json":
            return { current in
                do {
                    return try JSONPatch.apply(patch, to: current)
                } catch {
                    throw StatusError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error)")
                }
            }
        default:
            throw StatusError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the server does not support the patch type \(contentType.isEmpty ? "(none)" : contentType)"
            )
        }
    }

    /// Reads the current object, computes the new one, and writes it if nobody wrote in between;
    /// retries from a fresh read on a race unless the client pinned a `resourceVersion`.
    ///
    /// `transform` works in the requested version; the object returned (and written) is in the
    /// storage version. The fields the write changed are recorded for `writer` in `managedFields`
    /// (`nil` when `transform` keeps them itself, as apply does).
    func guaranteedUpdate(
        _ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest,
        precondition: String, writer: ServerSideApply.Writer?, transform: (JSONValue) throws -> JSONValue
    ) async throws -> JSONValue {
        let key = self.objects.key(definition, namespace: info.namespace, name: info.name)
        let version = self.objects.version(of: definition)
        let storageDefinition = self.storageDefinition(definition)
        for _ in 0..<Self.conflictRetries {
            guard let currentKV = try await self.objects.current(key) else {
                throw StatusError.notFound(definition.resource, name: info.name)
            }
            let current = try await self.objects.decode(currentKV, for: definition)
            if !precondition.isEmpty && precondition != current.resourceVersion {
                throw StatusError.conflict(definition.resource, name: info.name, detail: StatusError.modifiedDetail)
            }
            let servedCurrent = try await version.served(current)
            var requested = try transform(servedCurrent)
            try self.checkKind(definition, requested)
            var attributes = self.admissionAttributes("UPDATE", definition, info, request, object: requested, oldObject: servedCurrent)
            requested = try await self.admission.mutate(attributes) ?? requested
            var next = try await version.stored(fromServed: requested)
            try ObjectRules.prepareForUpdate(
                &next, current: current, storageDefinition, subresource: info.subresource, requestNamespace: info.namespace
            )
            if let writer {
                ServerSideApply.recordUpdate(from: current, to: &next, by: writer, schema: self.structureSchema(definition))
            }
            if next == current {
                return current
            }
            attributes.object = try await version.served(next)
            try await self.admission.validate(attributes)
            if Self.isDryRun(request) {
                return next
            }
            if next.isBeingDeleted && next.finalizers.isEmpty && (!next.isNamespace || next.namespaceFinalizers.isEmpty) {
                // The last finalizer of an object being deleted is gone (for a namespace, also the
                // last of `spec.finalizers`): the object goes.
                let reservations = Self.isCoreService(definition) ? self.addresses.markers(of: current) : []
                if try await self.objects.remove(key: key, modRevision: currentKV.modRevision, releasing: reservations) != nil {
                    return next
                }
                continue
            }
            if let stored = try await self.objects.replace(key: key, modRevision: currentKV.modRevision, with: next) {
                return stored
            }
            if !precondition.isEmpty {
                throw StatusError.conflict(definition.resource, name: info.name, detail: StatusError.modifiedDetail)
            }
        }
        throw StatusError.conflict(definition.resource, name: info.name, detail: StatusError.modifiedDetail)
    }

    // MARK: delete

    /// Deletes the object a request names; `status` is what kube-apiserver answers: `202 Accepted`
    /// only for an object left waiting after `orphanDependents: false`, `200` otherwise.
    func delete(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> (object: JSONValue, pending: Bool, status: HTTPResponseStatus)
    {
        let options = try DeleteOptions(body: request.body, query: request.queryValue)
        let result = try await self.delete(definition, info, request, options: options)
        return (result.object, result.pending, result.pending && options.orphanDependents == false ? .accepted : .ok)
    }

    /// Deletes one object: API deletes and the lifecycle controllers' deletes both come here, so
    /// preconditions, finalizers and watch events are the same for both.
    ///
    /// An object keeps existing, marked with `deletionTimestamp`, while it has finalizers: its own,
    /// or (when the garbage collector runs) `orphan` or `foregroundDeletion` for the propagation
    /// policy; a namespace also while `spec.finalizers` holds `kubernetes`, with phase `Terminating`.
    /// The last finalizer's removal deletes it (see ``guaranteedUpdate(_:_:_:precondition:writer:transform:)``).
    func delete(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest, options: DeleteOptions)
        async throws -> (object: JSONValue, pending: Bool)
    {
        let (namespace, name, dryRun) = (info.namespace, info.name, Self.isDryRun(request))
        let isNamespace = definition.resource == NamespaceLifecycle.namespaces
        if isNamespace && NamespaceLifecycle.immortal.contains(name) && self.admission.plugins.contains(.namespaceLifecycle) {
            throw StatusError.forbidden(definition.resource, name: name, "this namespace may not be deleted")
        }
        let defaultPolicy = PropagationPolicy.defaultPolicy(for: definition.resource)
        if definition.resource == GroupVersionResource(group: "batch", version: "v1", resource: "jobs") && !options.namesPolicy {
            // kube-apiserver's job storage warns that the default orphans the pods.
            RequestWarnings.current?.add(
                "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning"
            )
        }
        let key = self.objects.key(definition, namespace: namespace, name: name)
        for _ in 0..<Self.conflictRetries {
            guard let currentKV = try await self.objects.current(key) else {
                throw StatusError.notFound(definition.resource, name: name)
            }
            let current = try await self.objects.decode(currentKV, for: definition)
            try options.check(current, definition)
            let attributes = self.admissionAttributes(
                "DELETE", definition, info, request, object: nil, oldObject: try await self.objects.version(of: definition).served(current)
            )
            _ = try await self.admission.mutate(attributes)
            try await self.admission.validate(attributes)
            var marked = current
            if self.garbageCollection {
                marked.setFinalizers(options.finalizers(after: current.finalizers, defaultPolicy: defaultPolicy))
            }
            if !marked.finalizers.isEmpty || (isNamespace && !marked.namespaceFinalizers.isEmpty) {
                if !marked.isBeingDeleted {
                    marked.setMetadataString("deletionTimestamp", ObjectRules.timestamp(Date()))
                    marked["metadata"]?["deletionGracePeriodSeconds"] = .integer(0)
                }
                if isNamespace {
                    marked["status"]?["phase"] = .string(NamespaceLifecycle.terminating)
                }
                if marked == current || dryRun {
                    return (marked, true)
                }
                if let stored = try await self.objects.replace(key: key, modRevision: currentKV.modRevision, with: marked) {
                    return (stored, true)
                }
                continue
            }
            if dryRun {
                return (Self.deletedStatus(current, definition), false)
            }
            let reservations = Self.isCoreService(definition) ? self.addresses.markers(of: current) : []
            if try await self.objects.remove(key: key, modRevision: currentKV.modRevision, releasing: reservations) != nil {
                return (Self.deletedStatus(current, definition), false)
            }
        }
        throw StatusError.conflict(definition.resource, name: name, detail: StatusError.modifiedDetail)
    }

    /// The `Status` kube-apiserver answers for an object deleted at once.
    static func deletedStatus(_ object: JSONValue, _ definition: ResourceDefinition) -> JSONValue {
        var details: JSONObject = ["name": .string(object.name)]
        if !definition.resource.group.isEmpty { details["group"] = .string(definition.resource.group) }
        details["kind"] = .string(definition.resource.resource)
        details["uid"] = .string(object.metadataString("uid"))
        return ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": .object(details)]
    }

    func deleteCollection(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> APIResponse
    {
        var options = try self.listOptions(definition, request)
        options.limit = 0
        let listed = try await self.objects.list(definition, namespace: info.namespace, options: options)
        var deleted: [JSONValue] = []
        for object in try listed.objects() {
            var itemInfo = info
            itemInfo.name = object.name
            itemInfo.namespace = object.namespace
            do {
                let result = try await self.delete(definition, itemInfo, request)
                deleted.append(result.pending ? result.object : object)
            } catch let error as StatusError where error.code == 404 {
                continue
            }
        }
        let items = try await self.objects.version(of: definition).served(deleted)
        let list: JSONValue = [
            "kind": .string(definition.listKind), "apiVersion": .string(definition.resource.groupVersion.apiVersion),
            "metadata": ["resourceVersion": .string(String(listed.revision))], "items": .array(items),
        ]
        return .encoded(list, try Self.responseFormat(definition, request, list: true))
    }

    // MARK: helpers

    /// What admission is told about a write.
    func admissionAttributes(
        _ operation: String, _ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest,
        object: JSONValue?, oldObject: JSONValue?
    ) -> AdmissionAttributes {
        AdmissionAttributes(
            operation: operation, definition: definition, subresource: info.subresource,
            name: info.name.isEmpty ? (object?.name ?? "") : info.name,
            namespace: info.namespace.isEmpty ? (object?.namespace ?? "") : info.namespace,
            user: request.user, object: object, oldObject: oldObject, dryRun: Self.isDryRun(request), namespaceLabels: nil
        )
    }

    /// Refuses values of the wrong JSON type (`400`, worded as Go's decoder), then drops fields the
    /// kind's schema does not declare, refusing them under `fieldValidation=Strict` and warning
    /// about them under `Warn` (the default).
    func checkFields(_ object: JSONValue, _ definition: ResourceDefinition, _ request: APIRequest) throws -> JSONValue {
        let directive = request.queryValue("fieldValidation") ?? "Warn"
        guard ["Strict", "Warn", "Ignore"].contains(directive) else {
            throw StatusError.badRequest("fieldValidation parameter unsupported: \(directive)")
        }
        let (pruned, unknown): (JSONValue, [String])
        if let custom = definition.customResource {
            // Custom resources report wrong types as validation causes (422), after pruning.
            (pruned, unknown) = custom.schema?.prune(object) ?? (object, [])
        } else {
            if let mismatch = SchemaTypeChecker.firstMismatch(in: object, kind: definition.groupVersionKind) {
                throw Self.undecodable(definition, mismatch)
            }
            (pruned, unknown) = UnknownFieldPruner.prune(object, kind: definition.groupVersionKind)
        }
        guard !unknown.isEmpty else { return pruned }
        let messages = unknown.map { "unknown field \"\($0)\"" }
        switch directive {
        case "Strict":
            throw Self.undecodable(definition, "strict decoding error: " + messages.joined(separator: ", "))
        case "Warn":
            for message in messages { RequestWarnings.current?.add(message) }
        default:
            break
        }
        return pruned
    }

    /// kube-apiserver's `400` for a body that does not decode into the kind.
    static func undecodable(_ definition: ResourceDefinition, _ detail: String) -> StatusError {
        let kind = definition.kind
        return .badRequest("\(kind) in version \"\(definition.resource.version)\" cannot be handled as a \(kind): \(detail)")
    }

    /// Parses a JSON request body, answering `400` with Go's wording when it is malformed.
    static func parseJSON(_ body: [UInt8]) throws(StatusError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .badRequest("couldn't get version/kind; json parse error: \(error)")
        }
    }

    /// Whether the request asked for `dryRun=All`.
    static func isDryRun(_ request: APIRequest) -> Bool {
        request.query["dryRun"]?.contains("All") ?? false
    }

    /// Parses a request body (JSON, YAML, or Kubernetes protobuf as kubectl 1.32+ sends for typed
    /// creates) as an object of the resource's kind.
    func decodeBody(_ definition: ResourceDefinition, _ request: APIRequest) throws -> JSONValue {
        let object = try Self.parseBody(request)
        try self.checkKind(definition, object)
        return object
    }

    /// Parses a request body by its `Content-Type` (JSON, YAML or Kubernetes protobuf) into an object.
    static func parseBody(_ request: APIRequest) throws -> JSONValue {
        let contentType = request.headers.first(name: "Content-Type") ?? "application/json"
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let object: JSONValue
        switch mediaType {
        case "application/json", "*/*", "":
            object = try Self.parseJSON(request.body)
        case "application/yaml", "application/x-yaml", "text/yaml":
            object = try YAMLBody.parse(request.body)
        case KubeProtobuf.contentType:
            do {
                object = try KubeProtobuf.decodeObject(request.body)
            } catch {
                throw StatusError.badRequest("couldn't decode the protobuf body: \(error)")
            }
        default:
            throw StatusError.unsupportedMediaType(contentType)
        }
        guard case .object = object else {
            throw StatusError.badRequest("couldn't get version/kind; json parse error: expected an object, got \(object.typeName)")
        }
        return object
    }

    /// Refuses an object whose `apiVersion` or `kind` is not the resource's; an object without
    /// them is taken as the resource's kind, as kube-apiserver decodes a body against the
    /// endpoint's group, version and kind.
    func checkKind(_ definition: ResourceDefinition, _ object: JSONValue) throws {
        let expected = definition.resource.groupVersion.apiVersion
        if let apiVersion = object.apiVersion, !apiVersion.isEmpty, apiVersion != expected {
            throw StatusError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(expected))"
            )
        }
        if let kind = object.kind, !kind.isEmpty, kind != definition.kind {
            throw StatusError.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(definition.kind))")
        }
    }

}
