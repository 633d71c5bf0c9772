import Crypto
import Foundation
import KubeModel

/// Issues and verifies service account tokens: JWTs signed with ES256 by the API server's signing
/// key (`--service-account-signing-key-file`), with kube-apiserver's claims (`iss`, `sub`
/// `system:serviceaccount:<namespace>:<name>`, `aud`, `exp`, `iat`, `nbf`, `jti` and the
/// `kubernetes.io` claim naming the namespace, the account and its uid).
public struct ServiceAccountTokens: Sendable {
    /// The signing key's raw form (the key type itself is not `Sendable`).
    private let keyBytes: Data
    /// The `iss` of issued tokens, and the audience tokens must name to authenticate here.
    public let issuer: String
    /// The key ID in each token's header: the SHA-256 of the public key, base64url.
    private let keyID: String

    /// Reads a PEM EC P-256 private key.
    public init(privateKeyPEM: String, issuer: String) throws {
        let key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        self.keyBytes = key.rawRepresentation
        self.issuer = issuer
        self.keyID = Self.base64URL(Data(SHA256.hash(data: key.publicKey.derRepresentation)))
    }

    private var key: P256.Signing.PrivateKey {
        // The bytes came from a valid key.
        try! P256.Signing.PrivateKey(rawRepresentation: self.keyBytes)
    }

    /// A new token for a service account, valid for `expirationSeconds` from `now`.
    func issue(
        namespace: String, name: String, uid: String, audiences: [String], expirationSeconds: Int64, now: Date = Date()
    ) -> (token: String, expiration: Date) {
        let issuedAt = Int64(now.timeIntervalSince1970)
        let expiration = issuedAt + expirationSeconds
        let header: JSONValue = ["alg": "ES256", "kid": .string(self.keyID)]
        let claims: JSONValue = [
            "aud": .array(audiences.map(JSONValue.string)), "exp": .integer(expiration), "iat": .integer(issuedAt),
            "iss": .string(self.issuer), "jti": .string(UUID().uuidString.lowercased()),
            "kubernetes.io": ["namespace": .string(namespace), "serviceaccount": ["name": .string(name), "uid": .string(uid)]],
            "nbf": .integer(issuedAt), "sub": .string("system:serviceaccount:\(namespace):\(name)"),
        ]
        let signingInput = Self.base64URL(Data(header.serialized())) + "." + Self.base64URL(Data(claims.serialized()))
        let signature = (try? self.key.signature(for: Data(signingInput.utf8)).rawRepresentation) ?? Data()
        return (signingInput + "." + Self.base64URL(signature), Date(timeIntervalSince1970: TimeInterval(expiration)))
    }

    /// The service account a token names, when it is one of ours: signed by this key, issued by
    /// this issuer for this audience, and within its validity. `nil` for anything else.
    func user(for token: String, now: Date = Date()) -> UserInfo? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Self.data(base64URL: parts[2]),
              let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
              self.key.publicKey.isValidSignature(ecdsa, for: Data("\(parts[0]).\(parts[1])".utf8)),
              let header = Self.data(base64URL: parts[0]).flatMap({ try? JSONParser.parse(Array($0)) }),
              header["alg"] == "ES256",
              let claims = Self.data(base64URL: parts[1]).flatMap({ try? JSONParser.parse(Array($0)) })
        else { return nil }
        let seconds = Int64(now.timeIntervalSince1970)
        guard claims["iss"]?.stringValue == self.issuer,
              (claims["aud"]?.arrayValue ?? []).contains(.string(self.issuer)),
              let expiration = claims["exp"]?.integerValue, seconds < expiration,
              (claims["nbf"]?.integerValue ?? 0) <= seconds,
              let account = claims["kubernetes.io"], let namespace = account["namespace"]?.stringValue,
              let name = account["serviceaccount"]?["name"]?.stringValue
        else { return nil }
        return UserInfo(
            name: "system:serviceaccount:\(namespace):\(name)", uid: account["serviceaccount"]?["uid"]?.stringValue ?? "",
            groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)"]
        )
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func data(base64URL text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
