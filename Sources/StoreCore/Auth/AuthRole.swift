/// A named set of permissions.
public struct AuthRole: Sendable, Hashable {
    public var name: String
    /// The permissions, sorted by key then range end.
    public var permissions: [Permission]

    public init(name: String, permissions: [Permission] = []) {
        self.name = name
        self.permissions = permissions
    }
}
