import KubeModel
import NIOHTTP1

extension ResourceHandler {
    /// Changes an object as a controller, through the same path as an API update (so a removed
    /// last finalizer deletes it, and watchers see the same events); the change applies only while
    /// the object still has `uid` (and, when given, `resourceVersion`).
    ///
    /// - Parameters:
    ///   - definition: The resource, in its storage version.
    ///   - subresource: `""`, `status` or `finalize`.
    ///   - resourceVersion: The version the change was computed from; another one is a `409`
    ///     conflict instead of a retry on the fresh object.
    ///   - change: Edits the current object.
    /// - Returns: The object as stored (or as it was when deleted), or `nil` when it is gone.
    @discardableResult
    func controllerUpdate(
        _ definition: ResourceDefinition, namespace: String, name: String, uid: String, subresource: String = "",
        resourceVersion: String = "", _ change: @escaping (inout JSONValue) -> Void
    ) async throws -> JSONValue? {
        let (info, request) = Self.controllerRequest(definition, namespace: namespace, name: name, subresource: subresource, verb: "update")
        do {
            let writer = try self.writer(definition, info, request)
            return try await self.guaranteedUpdate(definition, info, request, precondition: resourceVersion, writer: writer) { current in
                guard current.metadataString("uid") == uid else { throw StatusError.notFound(definition.resource, name: name) }
                var next = current
                change(&next)
                return next
            }
        } catch let error as StatusError where error.code == 404 {
            return nil
        }
    }

    /// Deletes an object as a controller (``delete(_:_:_:options:)``), only while it still has the
    /// given uid and `resourceVersion`.
    ///
    /// - Returns: The object still marked for deletion (finalizers pending), or `nil` when it is gone.
    @discardableResult
    func controllerDelete(_ definition: ResourceDefinition, _ object: JSONValue, policy: PropagationPolicy) async throws -> JSONValue? {
        let options = DeleteOptions(uid: object.metadataString("uid"), resourceVersion: object.resourceVersion, policy: policy)
        do {
            let (info, request) = Self.controllerRequest(definition, namespace: object.namespace, name: object.name, subresource: "", verb: "delete")
            let result = try await self.delete(definition, info, request, options: options)
            return result.pending ? result.object : nil
        } catch let error as StatusError where error.code == 404 {
            return nil
        }
    }

    /// Creates an object as a controller, through the same path as an API create (admission, create
    /// rules, watch events).
    ///
    /// - Returns: The created object, or `nil` when it already exists or its namespace is gone or
    ///   terminating (nothing to retry).
    @discardableResult
    func controllerCreate(_ definition: ResourceDefinition, namespace: String, _ object: JSONValue) async throws -> JSONValue? {
        let (info, request) = Self.controllerRequest(definition, namespace: namespace, name: "", subresource: "", verb: "create")
        do {
            return try await self.insert(definition, info, object, request, writer: try self.writer(definition, info, request))
        } catch let error as StatusError
            where error.code == 409 || error.code == 404 || error.causes.contains(where: { $0.type == NamespaceLifecycle.terminatingCause })
        {
            return nil
        }
    }

    /// The request a controller's write is made as: kube-controller-manager's user agent (its field
    /// manager) and the identity admission webhooks see for kube's controllers.
    private static func controllerRequest(
        _ definition: ResourceDefinition, namespace: String, name: String, subresource: String, verb: String
    ) -> (RequestInfo.ResourceRequest, APIRequest) {
        let info = RequestInfo.ResourceRequest(
            groupVersion: definition.resource.groupVersion, resource: definition.resource.resource, namespace: namespace,
            name: name, subresource: subresource, verb: verb
        )
        let request = APIRequest(
            method: verb == "delete" ? .DELETE : verb == "create" ? .POST : .PUT, path: "", headers: ["User-Agent": "kube-controller-manager"],
            user: UserInfo(name: "system:kube-controller-manager", groups: ["system:authenticated"])
        )
        return (info, request)
    }

    /// Reads an object, or `nil` when it does not exist.
    func existing(_ definition: ResourceDefinition, namespace: String, name: String) async throws(StatusError) -> JSONValue? {
        do {
            return try await self.objects.get(definition, namespace: namespace, name: name)
        } catch {
            guard error.code == 404 else { throw error }
            return nil
        }
    }

    /// The served definition of an object's kind: its own version, else another version of the
    /// same group and kind (as kube's REST mapper finds one).
    static func definition(_ kind: GroupVersionKind, in catalog: ResourceCatalog) -> ResourceDefinition? {
        catalog.definition(for: kind)
            ?? catalog.definitions.first { $0.resource.group == kind.group && $0.kind == kind.kind && $0.storagePath != nil }
    }
}
