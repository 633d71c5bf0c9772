/// An authenticated user, as Kubernetes' `user.Info` describes one.
public struct UserInfo: Sendable, Hashable {
    /// The user name (a client certificate's CN, a token's user).
    public var name: String
    /// The user's unique ID, when the authenticator knows one.
    public var uid: String
    /// The groups, including `system:authenticated`.
    public var groups: [String]
    /// Extra attributes (set by impersonation's `Impersonate-Extra-*` headers).
    public var extra: [String: [String]]

    /// Creates a user; `system:authenticated` is added to the groups.
    public init(name: String, uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.name = name
        self.uid = uid
        self.groups = groups.contains(Self.authenticatedGroup) ? groups : groups + [Self.authenticatedGroup]
        self.extra = extra
    }

    /// The group every authenticated user belongs to.
    public static let authenticatedGroup = "system:authenticated"
    /// The group of requests without credentials.
    public static let unauthenticatedGroup = "system:unauthenticated"

    /// The user of a request without credentials: `system:anonymous` in `system:unauthenticated`.
    public static let anonymous: UserInfo = {
        var user = UserInfo(name: "system:anonymous")
        user.groups = [unauthenticatedGroup]
        return user
    }()
}
