public import KubeModel
public import NIOHTTP1

/// What a request addresses, parsed from its path and method the way kube-apiserver's request-info
/// factory does: discovery paths, or a resource with its namespace, name, subresource and verb.
public enum RequestInfo: Sendable, Equatable {
    /// `/api`: the core group's versions.
    case coreVersions
    /// `/apis`: every group.
    case groupList
    /// `/apis/<group>`.
    case group(String)
    /// `/api/v1` or `/apis/<group>/<version>`: the resources of a group version.
    case resourceList(GroupVersion)
    /// A resource request.
    case resource(ResourceRequest)

    /// The parts of a resource request.
    public struct ResourceRequest: Sendable, Equatable {
        public var groupVersion: GroupVersion
        /// The plural resource name.
        public var resource: String
        /// The namespace, or empty for cluster-scoped requests and lists across namespaces.
        public var namespace: String
        /// The object name, or empty for collection requests.
        public var name: String
        /// The subresource (`status`, `scale`), or empty.
        public var subresource: String
        /// The Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection.
        public var verb: String

        /// The group, version and resource addressed.
        public var groupVersionResource: GroupVersionResource {
            GroupVersionResource(group: self.groupVersion.group, version: self.groupVersion.version, resource: self.resource)
        }
    }

    /// Subresources of a namespace, which make `/namespaces/<name>/<sub>` address the namespace itself.
    private static let namespaceSubresources: Set<String> = ["status", "finalize"]

    /// Parses a request path; `nil` when the path is not an API path.
    ///
    /// - Parameters:
    ///   - path: The decoded path, e.g. `/api/v1/namespaces/default/pods/web`.
    ///   - method: The HTTP method, which picks the verb.
    ///   - watch: Whether the query asked to watch (`watch=true` or `1`).
    public init?(path: String, method: HTTPMethod, watch: Bool) {
        var parts = path.split(separator: "/").map(String.init)
        guard let root = parts.first else { return nil }
        parts.removeFirst()
        let groupVersion: GroupVersion
        switch root {
        case "api":
            guard let version = parts.first else {
                self = .coreVersions
                return
            }
            groupVersion = GroupVersion(group: "", version: version)
            parts.removeFirst()
        case "apis":
            guard parts.count >= 1 else {
                self = .groupList
                return
            }
            guard parts.count >= 2 else {
                self = .group(parts[0])
                return
            }
            groupVersion = GroupVersion(group: parts[0], version: parts[1])
            parts.removeFirst(2)
        default:
            return nil
        }
        guard !parts.isEmpty else {
            self = .resourceList(groupVersion)
            return
        }

        var watch = watch
        if parts.first == "watch" {
            watch = true
            parts.removeFirst()
            guard !parts.isEmpty else { return nil }
        }

        var namespace = ""
        if parts[0] == "namespaces", parts.count >= 3, !Self.namespaceSubresources.contains(parts[2]) {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard parts.count <= 3 else { return nil }
        let resource = parts[0]
        let name = parts.count > 1 ? parts[1] : ""
        let subresource = parts.count > 2 ? parts[2] : ""

        let verb: String
        switch method {
        case .GET, .HEAD:
            verb = watch ? "watch" : (name.isEmpty ? "list" : "get")
        case .POST: verb = "create"
        case .PUT: verb = "update"
        case .PATCH: verb = "patch"
        case .DELETE: verb = name.isEmpty ? "deletecollection" : "delete"
        default: verb = method.rawValue.lowercased()
        }
        self = .resource(
            ResourceRequest(
                groupVersion: groupVersion, resource: resource, namespace: namespace, name: name,
                subresource: subresource, verb: verb
            )
        )
    }
}
