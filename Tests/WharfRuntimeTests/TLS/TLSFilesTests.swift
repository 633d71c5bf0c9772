import Foundation
import Testing
import WharfRuntime

@Suite struct TLSFilesTests {
    /// A fresh directory with `cert.pem`, `key.pem` and `ca.pem`, removed after `body`.
    private func withFiles(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wharf-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["cert.pem", "key.pem", "ca.pem"] {
            try Data("-----BEGIN TEST-----\n".utf8).write(to: directory.appendingPathComponent(name))
        }
        try body(directory)
    }

    @Test func validFilesPass() throws {
        try self.withFiles { directory in
            let files = TLSFiles(
                certFile: directory.appendingPathComponent("cert.pem").path,
                keyFile: directory.appendingPathComponent("key.pem").path,
                trustedCAFile: directory.appendingPathComponent("ca.pem").path,
                clientCertAuth: true
            )
            try files.validate()

            let link = directory.appendingPathComponent("link.pem")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: directory.appendingPathComponent("cert.pem"))
            try TLSFiles(certFile: link.path, keyFile: files.keyFile).validate()
        }
    }

    @Test func missingFilesAreNamedWithTheirFlag() throws {
        try self.withFiles { directory in
            let cert = directory.appendingPathComponent("cert.pem").path
            let missing = directory.appendingPathComponent("nope.pem").path
            #expect(throws: TLSFilesError.fileNotFound(.privateKey, path: missing)) {
                try TLSFiles(certFile: cert, keyFile: missing).validate()
            }
            #expect(throws: TLSFilesError.fileNotFound(.trustedCA, path: missing)) {
                try TLSFiles(certFile: cert, keyFile: cert, trustedCAFile: missing).validate()
            }
            #expect(throws: TLSFilesError.isADirectory(.certificate, path: directory.path)) {
                try TLSFiles(certFile: directory.path, keyFile: cert).validate()
            }
            #expect(throws: TLSFilesError.emptyPath(.certificate)) {
                try TLSFiles(certFile: "", keyFile: cert).validate()
            }
            #expect(
                TLSFilesError.fileNotFound(.privateKey, path: "/x.key").description == "--key-file \"/x.key\" does not exist"
            )
        }
    }

    @Test func clientCertAuthNeedsATrustedCA() throws {
        try self.withFiles { directory in
            let cert = directory.appendingPathComponent("cert.pem").path
            #expect(throws: TLSFilesError.clientCertAuthRequiresTrustedCA) {
                try TLSFiles(certFile: cert, keyFile: cert, clientCertAuth: true).validate()
            }
            #expect(TLSFilesError.clientCertAuthRequiresTrustedCA.description == "--client-cert-auth requires --trusted-ca-file")
        }
    }

    @Test(.enabled(if: getuid() != 0, "root can read any file"))
    func unreadableFilesAreReported() throws {
        try self.withFiles { directory in
            let cert = directory.appendingPathComponent("cert.pem").path
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: cert)
            #expect(throws: TLSFilesError.notReadable(.certificate, path: cert)) {
                try TLSFiles(certFile: cert, keyFile: cert).validate()
            }
        }
    }
}
