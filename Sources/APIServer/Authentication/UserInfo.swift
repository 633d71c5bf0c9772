/// An authenticated user, as Kubernetes' `user.Info` describes one.
public struct UserInfo: Sendable, Hashable {
    /// The user name (a client certificate's CN, a token's user).
    public var name: String
    /// The user's unique ID, when the authenticator knows one.
    public var uid: String
    /// The groups, including `system:authenticated`.
    public var groups: [String]

    /// Creates a user; `system:authenticated` is added to the groups.
    public init(name: String, uid: String = "", groups: [String] = []) {
        self.name = name
        self.uid = uid
        self.groups = groups.contains(Self.authenticatedGroup) ? groups : groups + [Self.authenticatedGroup]
    }

    /// The group every authenticated user belongs to.
    public static let authenticatedGroup = "system:authenticated"
}
