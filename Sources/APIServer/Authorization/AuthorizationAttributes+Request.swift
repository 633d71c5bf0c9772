import KubeModel
import NIOHTTP1

extension AuthorizationAttributes {
    /// The attributes of an HTTP request as kube-apiserver's request-info factory sees them: a
    /// resource request for paths under `/api/<version>/` and `/apis/<group>/<version>/`, a
    /// non-resource request (verb: the lower-cased method) for everything else, discovery included.
    /// A namespace's own name is its namespace; a list or watch selecting one name by
    /// `fieldSelector=metadata.name=…` carries that name, so `resourceNames` rules apply to it.
    init(request: APIRequest, info: RequestInfo?, user: UserInfo) {
        guard case .resource(let resource)? = info else {
            self = .nonResource(user: user, verb: request.method.rawValue.lowercased(), path: request.path)
            return
        }
        var namespace = resource.namespace
        if resource.resource == "namespaces", resource.groupVersion.group.isEmpty, !resource.name.isEmpty {
            namespace = resource.name
        }
        var name = resource.name
        if name.isEmpty, resource.verb == "list" || resource.verb == "watch",
            let selector = request.queryValue("fieldSelector")
        {
            name = Self.exactName(fieldSelector: selector) ?? ""
        }
        self = .resource(
            user: user, verb: resource.verb, group: resource.groupVersion.group, version: resource.groupVersion.version,
            resource: resource.resource, subresource: resource.subresource, namespace: namespace, name: name
        )
    }

    /// The name a field selector requires exactly (`metadata.name=x` or `metadata.name==x`),
    /// when that is all it selects on that field.
    private static func exactName(fieldSelector: String) -> String? {
        for term in fieldSelector.split(separator: ",") {
            for separator in ["==", "="] {
                if term.hasPrefix("metadata.name" + separator) {
                    let value = term.dropFirst(("metadata.name" + separator).count)
                    return value.isEmpty || value.hasPrefix("=") ? nil : String(value)
                }
            }
        }
        return nil
    }
}
