import Crypto
public import Foundation
import SwiftASN1
import X509

/// A private certificate authority kept in a directory, for `wharf up`: it issues the serving
/// certificate (localhost, 127.0.0.1, ::1) and client certificates (CN is the user, O values the
/// groups, as Kubernetes reads them). Keys are ECDSA P-256; files are PEM, keys readable by the owner only.
///
/// Files are created once and reused, so restarting `wharf up` keeps kubeconfigs valid.
public struct LocalCertificateAuthority {
    /// The directory holding `ca.crt` and `ca.key`.
    public let directory: URL

    /// Where the CA certificate is (hand it to clients as their trust root).
    public var certificateFile: URL { self.directory.appendingPathComponent("ca.crt") }
    private var keyFile: URL { self.directory.appendingPathComponent("ca.key") }

    private let certificate: Certificate
    private let key: P256.Signing.PrivateKey

    /// Opens the CA in `directory`, creating it (valid for ten years) when absent.
    ///
    /// - Throws: When files cannot be read, parsed or written.
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificateFile = directory.appendingPathComponent("ca.crt")
        let keyFile = directory.appendingPathComponent("ca.key")
        if FileManager.default.fileExists(atPath: certificateFile.path), FileManager.default.fileExists(atPath: keyFile.path) {
            self.certificate = try Certificate(pemEncoded: String(contentsOf: certificateFile, encoding: .utf8))
            self.key = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOf: keyFile, encoding: .utf8))
            return
        }
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("wharf-ca") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(key)
        )
        try Self.write(certificate.serializeAsPEM().pemString, to: certificateFile, private: false)
        try Self.write(key.pemRepresentation, to: keyFile, private: true)
        self.certificate = certificate
        self.key = key
    }

    /// A certificate and key issued by this CA.
    public struct IssuedCertificate: Sendable {
        /// The PEM certificate file.
        public var certificateFile: URL
        /// The PEM private key file.
        public var keyFile: URL
    }

    /// Returns the serving certificate `<name>.crt`/`.key`, issuing it when absent: valid for
    /// `localhost`, `127.0.0.1` and `::1` plus `extraHosts`.
    public func servingCertificate(name: String, extraHosts: [String] = []) throws -> IssuedCertificate {
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
            .ipAddress(ASN1OctetString(contentBytes: ArraySlice(repeating: 0, count: 15) + [1]))]
        for host in extraHosts where host != "localhost" {
            names.append(.dnsName(host))
        }
        return try self.issue(name: name, commonName: name, organizations: [], usage: .serverAuth, alternativeNames: names)
    }

    /// Returns the client certificate `<name>.crt`/`.key` for user `commonName` in `organizations`,
    /// issuing it when absent.
    public func clientCertificate(name: String, commonName: String, organizations: [String]) throws -> IssuedCertificate {
        try self.issue(name: name, commonName: commonName, organizations: organizations, usage: .clientAuth, alternativeNames: [])
    }

    private func issue(
        name: String, commonName: String, organizations: [String], usage: ExtendedKeyUsage.Usage,
        alternativeNames: [GeneralName]
    ) throws -> IssuedCertificate {
        let issued = IssuedCertificate(
            certificateFile: self.directory.appendingPathComponent("\(name).crt"),
            keyFile: self.directory.appendingPathComponent("\(name).key")
        )
        if FileManager.default.fileExists(atPath: issued.certificateFile.path), FileManager.default.fileExists(atPath: issued.keyFile.path) {
            return issued
        }
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            for organization in organizations {
                OrganizationName(organization)
            }
            CommonName(commonName)
        }
        let extensions = try Certificate.Extensions {
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([usage])
            Critical(BasicConstraints.notCertificateAuthority)
            if !alternativeNames.isEmpty {
                SubjectAlternativeNames(alternativeNames)
            }
        }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(365 * 86400),
            issuer: self.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: .init(self.key)
        )
        try Self.write(certificate.serializeAsPEM().pemString, to: issued.certificateFile, private: false)
        try Self.write(key.pemRepresentation, to: issued.keyFile, private: true)
        return issued
    }

    /// The key service account tokens are signed with (`sa.key`, EC P-256 PEM), created when missing.
    public func serviceAccountSigningKey() throws -> URL {
        let file = self.directory.appendingPathComponent("sa.key")
        if !FileManager.default.fileExists(atPath: file.path) {
            try Self.write(P256.Signing.PrivateKey().pemRepresentation, to: file, private: true)
        }
        return file
    }

    private static func write(_ text: String, to url: URL, private isPrivate: Bool) throws {
        try Data(text.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: isPrivate ? 0o600 : 0o644], ofItemAtPath: url.path)
    }
}
