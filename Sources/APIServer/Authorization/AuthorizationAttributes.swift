public import KubeModel

/// What an authorizer decides about: who asks, the verb, and either a resource (group, resource,
/// subresource, namespace, name) or a non-resource path; kube-apiserver's `authorizer.Attributes`.
public struct AuthorizationAttributes: Sendable, Hashable {
    /// Who asks.
    public var user: UserInfo
    /// The verb: a Kubernetes verb for resources, the lower-cased HTTP method for paths.
    public var verb: String
    /// Whether a resource (rather than a path) is addressed.
    public var isResourceRequest: Bool
    public var apiGroup: String
    public var apiVersion: String
    /// The plural resource name.
    public var resource: String
    public var subresource: String
    public var namespace: String
    public var name: String
    /// The request path, for non-resource requests.
    public var path: String

    /// Attributes of a resource request.
    public static func resource(
        user: UserInfo, verb: String, group: String, version: String = "", resource: String, subresource: String = "",
        namespace: String = "", name: String = ""
    ) -> AuthorizationAttributes {
        AuthorizationAttributes(
            user: user, verb: verb, isResourceRequest: true, apiGroup: group, apiVersion: version, resource: resource,
            subresource: subresource, namespace: namespace, name: name, path: ""
        )
    }

    /// Attributes of a non-resource request.
    public static func nonResource(user: UserInfo, verb: String, path: String) -> AuthorizationAttributes {
        AuthorizationAttributes(
            user: user, verb: verb, isResourceRequest: false, apiGroup: "", apiVersion: "", resource: "", subresource: "",
            namespace: "", name: "", path: path
        )
    }

    /// The `403 Forbidden` kube-apiserver answers when these attributes are not allowed, e.g.
    /// `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"`.
    public func forbidden(reason: String) -> StatusError {
        var message: String
        if self.isResourceRequest {
            let resource = self.subresource.isEmpty ? self.resource : self.resource + "/" + self.subresource
            message = "User \"\(self.user.name)\" cannot \(self.verb) resource \"\(resource)\" in API group \"\(self.apiGroup)\""
            message += self.namespace.isEmpty ? " at the cluster scope" : " in the namespace \"\(self.namespace)\""
        } else {
            message = "User \"\(self.user.name)\" cannot \(self.verb) path \"\(self.path)\""
        }
        if !reason.isEmpty { message += ": " + reason }
        let groupResource = self.apiGroup.isEmpty ? self.resource : self.resource + "." + self.apiGroup
        if groupResource.isEmpty {
            return StatusError(code: 403, reason: "Forbidden", message: "forbidden: " + message)
        }
        let subject = self.name.isEmpty ? groupResource : "\(groupResource) \"\(self.name)\""
        return StatusError(
            code: 403, reason: "Forbidden", message: "\(subject) is forbidden: \(message)", name: self.name, group: self.apiGroup,
            kind: self.resource
        )
    }
}
