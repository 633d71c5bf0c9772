import KubeModel

/// What admission sees of one request: the operation, the resource, the user, and the objects.
struct AdmissionAttributes: Sendable {
    /// `CREATE`, `UPDATE`, `DELETE` or `CONNECT`.
    var operation: String
    var definition: ResourceDefinition
    var subresource: String
    var name: String
    var namespace: String
    var user: UserInfo?
    /// The new object, in the request's version (`nil` for deletes).
    var object: JSONValue?
    /// The stored object before the change (updates and deletes).
    var oldObject: JSONValue?
    var dryRun: Bool
    /// The labels of the object's namespace, for namespace selectors; `nil` for cluster-scoped
    /// objects other than namespaces, which namespace selectors do not apply to.
    var namespaceLabels: [String: String]?
}
