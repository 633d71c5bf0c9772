import Foundation

/// Where a TLS listener finds its certificate, key and client CA, as etcd's TLS flags name them.
///
/// This is configuration only: WharfRuntime does not load the files or depend on a TLS library. The
/// transport that serves TLS (the gRPC transport, the Kubernetes API server) reads the paths. Call
/// ``validate()`` at startup so a typo fails with a clear message before any listener binds.
///
/// ```swift
/// let tls = TLSFiles(certFile: "server.crt", keyFile: "server.key", trustedCAFile: "ca.crt", clientCertAuth: true)
/// try tls.validate()
/// ```
public struct TLSFiles: Sendable, Hashable {
    /// Path to the PEM certificate chain the server presents (`--cert-file`).
    public var certFile: String
    /// Path to the PEM private key for ``certFile`` (`--key-file`).
    public var keyFile: String
    /// Path to the PEM CA bundle that client certificates are verified against (`--trusted-ca-file`);
    /// `nil` when clients are not asked for certificates.
    public var trustedCAFile: String?
    /// Whether clients must present a certificate signed by ``trustedCAFile`` (`--client-cert-auth`).
    public var clientCertAuth: Bool

    /// Creates a TLS configuration.
    ///
    /// - Parameters:
    ///   - certFile: Path to the server certificate chain (PEM).
    ///   - keyFile: Path to the server private key (PEM).
    ///   - trustedCAFile: Path to the client CA bundle (PEM), or `nil`. Defaults to `nil`.
    ///   - clientCertAuth: Whether to require client certificates. Defaults to `false`.
    public init(certFile: String, keyFile: String, trustedCAFile: String? = nil, clientCertAuth: Bool = false) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.trustedCAFile = trustedCAFile
        self.clientCertAuth = clientCertAuth
    }

    /// Checks that every named file exists, is not a directory and is readable (symbolic links, as
    /// Kubernetes secret volumes use, are followed), and that
    /// ``clientCertAuth`` has a ``trustedCAFile``.
    ///
    /// It does not parse the files; a malformed PEM is reported by the transport that loads it.
    ///
    /// - Throws: ``TLSFilesError`` for the first problem found, in the order cert, key, CA.
    public func validate() throws(TLSFilesError) {
        try Self.check(self.certFile, role: .certificate)
        try Self.check(self.keyFile, role: .privateKey)
        if let trustedCAFile = self.trustedCAFile {
            try Self.check(trustedCAFile, role: .trustedCA)
        } else if self.clientCertAuth {
            throw .clientCertAuthRequiresTrustedCA
        }
    }

    private static func check(_ path: String, role: TLSFileRole) throws(TLSFilesError) {
        guard !path.isEmpty else { throw .emptyPath(role) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(role, path: path)
        }
        guard !isDirectory.boolValue else {
            throw .isADirectory(role, path: path)
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .notReadable(role, path: path)
        }
    }
}
