import BrainPostgres
import Logging
import Testing

/// Reading `--backend` URLs: libpq's TLS parameters, their environment variables, and refusals.
struct PostgresStoreConfigurationTests {
    @Test func urlParametersAndDefaults() throws {
        let plain = try PostgresStoreConfiguration(url: "postgres://brain:s%40cret@db.example:6543/store")
        #expect(plain.host == "db.example" && plain.port == 6543 && plain.username == "brain")
        #expect(plain.password == "s@cret" && plain.database == "store" && plain.tls == .disable)
        #expect(try PostgresStoreConfiguration(url: "postgresql://db").database == "postgres")

        let tls = try PostgresStoreConfiguration(
            url: "postgres://brain@db/store?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem")
        #expect(tls.tls == .verifyFull)
        #expect(tls.tlsRootCertificateFile == "/ca.pem" && tls.tlsClientCertificateFile == "/c.pem" && tls.tlsClientKeyFile == "/k.pem")
        #expect(try PostgresStoreConfiguration(url: "postgres://db?sslmode=allow").tls == .disable)
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let environment = ["PGSSLMODE": "verify-ca", "PGSSLROOTCERT": "/env-ca.pem", "PGSSLCERT": "/c.pem", "PGSSLKEY": "/k.pem"]
        let fromEnvironment = try PostgresStoreConfiguration(url: "postgres://db", environment: environment)
        #expect(fromEnvironment.tls == .verifyCA && fromEnvironment.tlsRootCertificateFile == "/env-ca.pem")
        let overridden = try PostgresStoreConfiguration(url: "postgres://db?sslmode=require&sslrootcert=/url-ca.pem", environment: environment)
        #expect(overridden.tls == .require && overridden.tlsRootCertificateFile == "/url-ca.pem")
    }

    @Test func refusals() {
        #expect(throws: PostgresStoreConfigurationError.invalidURL("mysql://db")) { try PostgresStoreConfiguration(url: "mysql://db") }
        #expect(throws: PostgresStoreConfigurationError.invalidParameter("sslmode", "sometimes")) {
            try PostgresStoreConfiguration(url: "postgres://db?sslmode=sometimes")
        }
        #expect(throws: PostgresStoreConfigurationError.unsupportedParameter("application_name")) {
            try PostgresStoreConfiguration(url: "postgres://db?application_name=x")
        }
        #expect(throws: PostgresStoreConfigurationError.invalidParameter("sslcert", "sslcert and sslkey go together")) {
            try PostgresStoreConfiguration(url: "postgres://db?sslcert=/c.pem")
        }
    }

    @Test func unreadableFilesAreRefusedWhenTheStoreIsMade() throws {
        var configuration = try PostgresStoreConfiguration(url: "postgres://db?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem")
        configuration.poolSize = 1
        #expect {
            _ = try PostgresStore(configuration: configuration, logger: Logger(label: "test"))
        } throws: { error in
            "\(error)".hasPrefix("cannot read /nonexistent/ca.pem as PEM")
        }
    }
}
