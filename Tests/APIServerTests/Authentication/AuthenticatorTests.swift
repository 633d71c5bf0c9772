@testable import APIServer
import Crypto
import Foundation
import KubeModel
import Testing

@Suite struct AuthenticatorTests {
    private static let issuer = "https://kubernetes.default.svc.cluster.local"

    @Test func serviceAccountTokensNeedTheirAccountWithTheTokensUID() async throws {
        let tokens = try ServiceAccountTokens(privateKeyPEM: P256.Signing.PrivateKey().pemRepresentation, issuer: Self.issuer)
        let token = tokens.issue(namespace: "apps", name: "robot", uid: "u-1", audiences: [Self.issuer], expirationSeconds: 600).token
        func outcome(account: String?) async throws -> Authenticator.Outcome {
            let stored = try account.map { try JSONParser.parse(Data($0.utf8)) }
            var authenticator = Authenticator(serviceAccounts: tokens)
            authenticator.accountLookup = { namespace, name, _ in namespace == "apps" && name == "robot" ? stored : nil }
            return await authenticator.authenticate(authorization: "Bearer \(token)", certificate: nil)
        }
        guard case .authenticated(let user) = try await outcome(account: #"{"metadata":{"name":"robot","uid":"u-1"}}"#) else {
            Issue.record("the live account's token was refused")
            return
        }
        #expect(user.name == "system:serviceaccount:apps:robot")
        #expect(try await outcome(account: nil) == .rejected)
        #expect(try await outcome(account: #"{"metadata":{"name":"robot","uid":"u-2"}}"#) == .rejected)
        #expect(try await outcome(account: #"{"metadata":{"name":"robot","uid":"u-1","deletionTimestamp":"2026-01-01T00:00:00Z"}}"#) == .rejected)
        // Without a way to read accounts, the signature decides alone.
        #expect(await Authenticator(serviceAccounts: tokens).authenticate(authorization: "Bearer \(token)", certificate: nil) != .rejected)
    }
}
