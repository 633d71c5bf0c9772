/// What the API server knows about one served resource: its names, scope, verbs and subresources,
/// and where its objects live in the store. Discovery documents are built from these.
public struct ResourceDefinition: Sendable, Hashable {
    /// The group, version and plural resource name (`apps`, `v1`, `deployments`).
    public var resource: GroupVersionResource
    /// The kind of one object (`Deployment`); a list is `<kind>List`.
    public var kind: String
    /// The lower-case singular name (`deployment`).
    public var singularName: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// The verbs discovery advertises, e.g. `get`, `list`, `watch`.
    public var verbs: [String]
    /// Short names kubectl accepts (`deploy`).
    public var shortNames: [String]
    /// Categories such as `all`.
    public var categories: [String]
    /// Served subresources (`status`, `scale`).
    public var subresources: [String]
    /// The path under the store prefix where objects are kept (`deployments`, `services/specs`);
    /// `nil` for resources that are computed per request and never stored (reviews).
    public var storagePath: String?
    /// What the CustomResourceDefinition serving this resource says about it; `nil` for built-ins.
    public var customResource: CustomResourceVersion?

    /// Creates a definition.
    public init(
        resource: GroupVersionResource,
        kind: String,
        singularName: String? = nil,
        namespaced: Bool,
        verbs: [String] = ResourceDefinition.standardVerbs,
        shortNames: [String] = [],
        categories: [String] = [],
        subresources: [String] = [],
        storagePath: String?
    ) {
        self.resource = resource
        self.kind = kind
        self.singularName = singularName ?? kind.lowercased()
        self.namespaced = namespaced
        self.verbs = verbs
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.storagePath = storagePath
    }

    /// The verbs of an ordinary stored resource.
    public static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// The kind of one object with its group and version.
    public var groupVersionKind: GroupVersionKind {
        GroupVersionKind(group: self.resource.group, version: self.resource.version, kind: self.kind)
    }

    /// The kind of a list of these objects (`DeploymentList`).
    public var listKind: String { "\(self.kind)List" }

    /// The verbs of a subresource, as discovery lists them: `log` is read, `exec`, `attach` and
    /// `portforward` are connections, the others (`status`, `scale`) read and write.
    public static func subresourceVerbs(_ subresource: String) -> [String] {
        switch subresource {
        case "log": ["get"]
        case "exec", "attach", "portforward": ["create", "get"]
        default: ["get", "patch", "update"]
        }
    }

    /// Whether the resource accepts `verb`.
    public func supports(_ verb: String) -> Bool {
        self.verbs.contains(verb)
    }
}
