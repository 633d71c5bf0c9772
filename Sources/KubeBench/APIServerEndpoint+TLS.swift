import NIOSSL

extension APIServerEndpoint {
    /// The client TLS context for this endpoint (trust, client certificate, ALPN `http/1.1`), or
    /// `nil` for plain HTTP. Built once per benchmark and shared by all its connections.
    func makeTLSContext() throws(KubeBenchError) -> NIOSSLContext? {
        guard self.usesTLS else { return nil }
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.applicationProtocols = ["http/1.1"]
            if let ca = self.certificateAuthorityPEM {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let certificate = self.clientCertificatePEM {
                guard let key = self.clientKeyPEM else {
                    throw KubeBenchError.invalidCredentials("a client certificate needs its key")
                }
                configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map {
                    .certificate($0)
                }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as KubeBenchError {
            throw error
        } catch {
            throw KubeBenchError.invalidCredentials("\(error)")
        }
    }
}
