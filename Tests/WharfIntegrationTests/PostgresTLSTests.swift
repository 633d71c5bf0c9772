import Foundation
import Testing
import WharfTestSupport

/// `wharf brain --backend` over TLS to a PostgreSQL that accepts only TLS connections with a
/// client certificate (`hostssl … cert`): certificates made by openssl, the server's checked
/// against its CA (`verify-full`), the node's used for PostgreSQL's certificate authentication.
@Suite(.serialized)
struct PostgresTLSTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate for `user`, made by openssl.
    private struct Certificates {
        let directory: URL

        init(in directory: URL, user: String) throws {
            self.directory = directory
            try Self.openssl(in: directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                             "-subj", "/CN=wharf-test-ca", "-keyout", "ca.key", "-out", "ca.crt")
            try self.issue("server", subject: "/CN=127.0.0.1", extensions: "subjectAltName=IP:127.0.0.1")
            try self.issue("client", subject: "/CN=\(user)", extensions: "extendedKeyUsage=clientAuth")
            try Self.openssl(in: directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                             "-subj", "/CN=other-ca", "-keyout", "other-ca.key", "-out", "other-ca.crt")
        }

        func path(_ name: String) -> String { self.directory.appendingPathComponent(name).path }

        private func issue(_ name: String, subject: String, extensions: String) throws {
            try Self.openssl(in: self.directory, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                             "-keyout", "\(name).key", "-out", "\(name).csr")
            try "\(extensions)\n".write(to: self.directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try Self.openssl(in: self.directory, "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                             "-CAcreateserial", "-days", "2", "-extfile", "\(name).ext", "-out", "\(name).crt")
        }

        private static func openssl(in directory: URL, _ arguments: String...) throws {
            let result = try CommandResult.run("/usr/bin/openssl", arguments.map { argument in
                // Relative file names live in the directory.
                argument.hasSuffix(".key") || argument.hasSuffix(".crt") || argument.hasSuffix(".csr") || argument.hasSuffix(".ext")
                    ? directory.appendingPathComponent(argument).path : argument
            })
            guard result.status == 0 else { throw PostgresProcessError.failed("openssl \(arguments): \(result.stderr)") }
        }
    }

    @Test func brainConnectsWithVerifiedServerAndClientCertificate() async throws {
        let plain = try await PostgresProcess.start()
        await plain.stop(keepFiles: true)
        let directory = try TemporaryDirectory(prefix: "wharf-pg-tls")
        defer { directory.remove() }
        let certificates = try Certificates(in: directory.url, user: plain.user)
        let postgres = try await Self.restartRequiringCertificates(plain, certificates)
        do {
            try await Self.exercise(postgres, certificates, directory: directory)
        } catch {
            await postgres.stop()
            throw error
        }
        await postgres.stop()
    }

    /// Restarts `server` with TLS on (its certificate and the CA copied into its data directory)
    /// and only `hostssl … cert` allowed over TCP.
    private static func restartRequiringCertificates(_ server: PostgresProcess, _ certificates: Certificates) async throws -> PostgresProcess {
        let data = server.dataDirectory
        for name in ["server.crt", "server.key", "ca.crt"] {
            let target = data.appendingPathComponent(name)
            try FileManager.default.copyItem(atPath: certificates.path(name), toPath: target.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        try "local all all trust\nhostssl all all 127.0.0.1/32 cert\n"
            .write(to: data.appendingPathComponent("pg_hba.conf"), atomically: true, encoding: .utf8)
        if geteuid() == 0 {
            let chown = try CommandResult.run("/bin/chown", ["-R", "postgres:postgres", data.path])
            guard chown.status == 0 else { throw PostgresProcessError.failed(chown.stderr) }
        }
        return try await server.restart(settings: [
            "ssl": "on", "ssl_cert_file": "server.crt", "ssl_key_file": "server.key", "ssl_ca_file": "ca.crt",
        ])
    }

    private static func exercise(_ postgres: PostgresProcess, _ certificates: Certificates, directory: TemporaryDirectory) async throws {
        let base = "postgres://\(postgres.user)@127.0.0.1:\(postgres.port)/\(postgres.database)"
        let verified = "\(base)?sslmode=verify-full&sslrootcert=\(certificates.path("ca.crt"))"
            + "&sslcert=\(certificates.path("client.crt"))&sslkey=\(certificates.path("client.key"))"

        // Verified both ways: the node works.
        let brain = try await BrainProcess.start(dataDirectory: directory.path("verified"), extraArguments: ["--backend", verified])
        do {
            let etcdctl = Etcdctl(endpoint: brain.endpoint)
            let put = try etcdctl.run("put", "secure", "yes")
            #expect(put.stdout == "OK\n", "\(put.stderr)\n\(brain.process.output.suffix(3000))")
            #expect(try etcdctl.run("get", "secure", "--print-value-only").stdout == "yes\n")
        } catch {
            await brain.stop()
            throw error
        }
        #expect(await brain.stop() == 0)

        // The same settings from libpq's environment variables.
        let fromEnvironment = try await BrainProcess.start(
            dataDirectory: directory.path("environment"), extraArguments: ["--backend", base],
            environment: [
                "PGSSLMODE": "verify-ca", "PGSSLROOTCERT": certificates.path("ca.crt"),
                "PGSSLCERT": certificates.path("client.crt"), "PGSSLKEY": certificates.path("client.key"),
            ])
        let readBack = try Etcdctl(endpoint: fromEnvironment.endpoint).run("get", "secure", "--print-value-only")
        #expect(await fromEnvironment.stop() == 0)
        #expect(readBack.stdout == "yes\n", "\(readBack.stderr)")

        // Refused: no client certificate (PostgreSQL's cert authentication), and a server
        // certificate from another CA (this node's check).
        for (name, url) in [
            ("no-client-certificate", "\(base)?sslmode=require"),
            ("other-ca", "\(base)?sslmode=verify-ca&sslrootcert=\(certificates.path("other-ca.crt"))"
                + "&sslcert=\(certificates.path("client.crt"))&sslkey=\(certificates.path("client.key"))"),
        ] {
            let refused = try await BrainProcess.start(dataDirectory: directory.path(name), extraArguments: ["--backend", url])
            // A node without its database answers unavailable once it gave up waiting (10 s).
            let put = try Etcdctl(endpoint: refused.endpoint).run("--command-timeout=15s", "put", "k", "v")
            let log = refused.process.output.suffix(2000)
            _ = await refused.stop()
            #expect(put.status != 0, "\(name): \(put.stdout)")
            #expect(put.stderr.contains("Unavailable") || put.stderr.contains("unavailable"), "\(name): \(put.stderr)\n\(log)")
        }

        // A missing file is an error at start.
        let missing = try CommandResult.run(WharfBinary.url.path, [
            "brain", "--data-dir", directory.path("missing").path, "--backend", "\(base)?sslmode=verify-full&sslrootcert=/nonexistent/ca.crt",
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/ca.crt") || missing.stderr.contains("--backend"), "\(missing.stderr)")
    }
}
