import Foundation
import KubeModel

/// Decides who sent a request: a verified client certificate (CN is the user, O values the groups),
/// a bearer token from the token file, or a service account token this server signed. A presented
/// but unknown token fails even when a certificate was also given, as kube-apiserver does.
///
/// A service account token also fails once its account is gone, being deleted, or recreated with
/// another uid, when the authenticator can read accounts (``accountLookup``; the API server sets it).
public struct Authenticator: Sendable {
    private let tokens: TokenFile
    /// Service account tokens, when a signing key is configured.
    let serviceAccounts: ServiceAccountTokens?
    /// Reads a service account (`nil` when it does not exist), from a copy when the copy passes
    /// the check given; without it tokens are not checked against their accounts.
    var accountLookup: (@Sendable (_ namespace: String, _ name: String, _ accepts: @Sendable (JSONValue) -> Bool) async -> JSONValue?)?

    /// Creates an authenticator over a token table (empty when no token file is configured) and the
    /// service account token key, if any.
    public init(tokens: TokenFile = TokenFile(users: [:]), serviceAccounts: ServiceAccountTokens? = nil) {
        self.tokens = tokens
        self.serviceAccounts = serviceAccounts
    }

    /// The outcome of authenticating one request.
    public enum Outcome: Sendable, Equatable {
        /// The request is from this user.
        case authenticated(UserInfo)
        /// No credentials were presented.
        case anonymous
        /// Credentials were presented and are wrong.
        case rejected
    }

    /// Authenticates a request from its `Authorization` header and the client certificate's subject.
    ///
    /// - Parameters:
    ///   - authorization: The `Authorization` header value, if any.
    ///   - certificate: The verified client certificate's common name and organizations, if any.
    public func authenticate(authorization: String?, certificate: (commonName: String, organizations: [String])?) async
        -> Outcome
    {
        if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = parts[1].trimmingCharacters(in: .whitespaces)
                if let user = self.tokens.users[token] {
                    return .authenticated(user)
                }
                if let user = self.serviceAccounts?.user(for: token), await self.accountIsLive(user) {
                    return .authenticated(user)
                }
                return .rejected
            }
        }
        if let certificate, !certificate.commonName.isEmpty {
            return .authenticated(UserInfo(name: certificate.commonName, groups: certificate.organizations))
        }
        return .anonymous
    }

    /// Whether the account a service account token names still exists, is not being deleted, and
    /// has the token's uid (kube-apiserver's check of bound tokens); true without ``accountLookup``.
    private func accountIsLive(_ user: UserInfo) async -> Bool {
        guard let lookup = self.accountLookup else { return true }
        let parts = user.name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let isLive: @Sendable (JSONValue) -> Bool = { account in
            account.metadataString("deletionTimestamp").isEmpty && (user.uid.isEmpty || account.metadataString("uid") == user.uid)
        }
        guard let account = await lookup(String(parts[2]), String(parts[3]), isLive) else { return false }
        return isLive(account)
    }

    /// This authenticator, checking service account tokens against `accounts`.
    func checkingServiceAccounts(in accounts: ServiceAccountCache) -> Authenticator {
        var checking = self
        checking.accountLookup = { namespace, name, accepts in
            try? await accounts.account(namespace: namespace, name: name, accepting: accepts)
        }
        return checking
    }
}
