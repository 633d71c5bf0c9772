/// A user of the store's authentication.
public struct AuthUser: Sendable, Hashable {
    public var name: String
    /// The salted password hash (see ``PasswordHash``); empty for users without a password.
    public var passwordHash: [UInt8]
    /// The names of the user's roles, sorted.
    public var roles: [String]
    /// The user may not log in with a password (only with a client certificate).
    public var noPassword: Bool

    public init(name: String, passwordHash: [UInt8], roles: [String] = [], noPassword: Bool = false) {
        self.name = name
        self.passwordHash = passwordHash
        self.roles = roles
        self.noPassword = noPassword
    }
}
