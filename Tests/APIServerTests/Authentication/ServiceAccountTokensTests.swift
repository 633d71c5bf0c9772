@testable import APIServer
import Crypto
import Foundation
import Testing

@Suite struct ServiceAccountTokensTests {
    private static let issuer = "https://kubernetes.default.svc.cluster.local"

    private static func tokens(issuer: String = Self.issuer, key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()) throws
        -> ServiceAccountTokens
    {
        try ServiceAccountTokens(privateKeyPEM: key.pemRepresentation, issuer: issuer)
    }

    @Test func issuedTokensAuthenticateAsTheirServiceAccount() throws {
        let tokens = try Self.tokens()
        let now = Date()
        let issued = tokens.issue(namespace: "apps", name: "robot", uid: "u-1", audiences: [Self.issuer], expirationSeconds: 600, now: now)
        #expect(issued.expiration.timeIntervalSince1970 == Double(Int64(now.timeIntervalSince1970) + 600))
        let user = try #require(tokens.user(for: issued.token, now: now))
        #expect(user.name == "system:serviceaccount:apps:robot" && user.uid == "u-1")
        #expect(user.groups == ["system:serviceaccounts", "system:serviceaccounts:apps", "system:authenticated"])
    }

    @Test func refusesExpiredForeignTamperedAndOtherAudiences() throws {
        let key = P256.Signing.PrivateKey()
        let tokens = try Self.tokens(key: key)
        let now = Date()
        let issued = tokens.issue(namespace: "apps", name: "robot", uid: "u", audiences: [Self.issuer], expirationSeconds: 600, now: now)
        #expect(tokens.user(for: issued.token, now: now.addingTimeInterval(601)) == nil)
        #expect(try Self.tokens().user(for: issued.token, now: now) == nil)
        #expect(try Self.tokens(issuer: "https://elsewhere", key: key).user(for: issued.token, now: now) == nil)
        var parts = issued.token.split(separator: ".").map { Array($0) }
        parts[1][10] = parts[1][10] == "A" ? "B" : "A"
        #expect(tokens.user(for: parts.map { String($0) }.joined(separator: "."), now: now) == nil)
        let otherAudience = tokens.issue(namespace: "apps", name: "robot", uid: "u", audiences: ["vault"], expirationSeconds: 600, now: now)
        #expect(tokens.user(for: otherAudience.token, now: now) == nil)
        #expect(tokens.user(for: "not-a-jwt", now: now) == nil)
    }
}
