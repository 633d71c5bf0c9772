import Foundation

/// Decides who sent a request: a verified client certificate (CN is the user, O values the groups),
/// a bearer token from the token file, or a service account token this server signed. A presented
/// but unknown token fails even when a certificate was also given, as kube-apiserver does.
public struct Authenticator: Sendable {
    private let tokens: TokenFile
    /// Service account tokens, when a signing key is configured.
    let serviceAccounts: ServiceAccountTokens?

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
    public func authenticate(authorization: String?, certificate: (commonName: String, organizations: [String])?)
        -> Outcome
    {
        if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = parts[1].trimmingCharacters(in: .whitespaces)
                if let user = self.tokens.users[token] ?? self.serviceAccounts?.user(for: token) {
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
}
