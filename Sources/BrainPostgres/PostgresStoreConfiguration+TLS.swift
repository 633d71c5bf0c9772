import NIOSSL
import PostgresNIO

extension PostgresStoreConfiguration {
    /// The mode in force: `require` with a root certificate file checks the chain, as libpq does.
    var effectiveTLS: TLSMode {
        self.tls == .require && self.tlsRootCertificateFile != nil ? .verifyCA : self.tls
    }

    /// The PostgreSQL client's TLS setting for this configuration, with the root certificates,
    /// client certificate and key read from their PEM files.
    /// - Throws: ``PostgresStoreConfigurationError/unreadableFile(_:_:)`` naming the file.
    func clientTLS() throws(PostgresStoreConfigurationError) -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch self.effectiveTLS {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let roots = self.tlsRootCertificateFile {
            tls.trustRoots = .certificates(try Self.read(roots) { try NIOSSLCertificate.fromPEMFile($0) })
        }
        if let certificate = self.tlsClientCertificateFile, let key = self.tlsClientKeyFile {
            tls.certificateChain = try Self.read(certificate) { try NIOSSLCertificate.fromPEMFile($0) }.map { .certificate($0) }
            tls.privateKey = .privateKey(try Self.read(key) { try NIOSSLPrivateKey(file: $0, format: .pem) })
        }
        return self.effectiveTLS == .prefer ? .prefer(tls) : .require(tls)
    }

    private static func read<Value>(_ path: String, _ load: (String) throws -> Value) throws(PostgresStoreConfigurationError) -> Value {
        do {
            return try load(path)
        } catch {
            throw .unreadableFile(path, "\(error)")
        }
    }
}
