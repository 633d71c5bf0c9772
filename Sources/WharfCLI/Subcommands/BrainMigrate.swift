import ArgumentParser
import EtcdClient
import Foundation
import StoreCore
import WharfGRPC
import WharfRuntime

/// `wharf brain migrate`: copies the key space from one etcd v3 endpoint to another (etcd into
/// brain, or back out), idempotently.
struct BrainMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy every key (value and lease) from one etcd v3 endpoint to another: etcd into brain, or back.",
        discussion: """
            Both ends are etcd v3 endpoints: a real etcd or a running `wharf brain` (for brain on \
            PostgreSQL, any of its nodes). The source is read at one revision, so the copy is a \
            consistent snapshot. Each lease a copied key uses (without --prefix: every live lease) is \
            granted on the target under the same ID with the TTL it has left; a lease the target has \
            is kept. Only keys whose value or lease differ are written, so running it again changes \
            nothing. Keys only the target has are left alone. Revisions, history and users are not \
            copied. Progress goes to standard error, the summary to standard output.
            """)

    @Option(help: ArgumentHelp("The endpoint to copy from: http(s)://host:port.", valueName: "url"))
    var from: String

    @Option(help: ArgumentHelp("The endpoint to copy into: http(s)://host:port.", valueName: "url"))
    var to: String

    @Option(help: "Copy only the keys that start with this prefix (default: every key).")
    var prefix: String?

    @Flag(help: "Compare and count, but write nothing.")
    var dryRun = false

    @Option(help: "CA bundle to verify https endpoints with (default: the system's).")
    var cacert: String?

    @Option(help: "Client certificate for https endpoints that ask for one.")
    var cert: String?

    @Option(help: "Private key of --cert.")
    var key: String?

    func validate() throws {
        let (source, target) = try endpoints()
        if source == target { throw ValidationError("--from and --to name the same endpoint") }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        if prefix == "" { throw ValidationError("--prefix must not be empty") }
    }

    func run() async throws {
        let (source, target) = try endpoints()
        let summary = try await Self.withClient(source, tls: tls) { sourceClient in
            try await Self.withClient(target, tls: tls) { targetClient in
                var migration = StoreMigration(source: sourceClient, target: targetClient)
                migration.dryRun = dryRun
                if let prefix {
                    migration.range = .prefix(Data(prefix.utf8))
                    migration.copiesEveryLease = false
                }
                return try await migration.run { progress in
                    FileHandle.standardError.write(Data("\(progress.progressLine)\n".utf8))
                }
            }
        }
        print(summary.summaryLine(dryRun: dryRun))
    }

    private func endpoints() throws -> (ListenAddress, ListenAddress) {
        func parse(_ url: String, _ flag: String) throws -> ListenAddress {
            do {
                return try ListenAddress(parsing: url)
            } catch {
                throw ValidationError("--\(flag): \(error)")
            }
        }
        return (try parse(from, "from"), try parse(to, "to"))
    }

    private var tls: GRPCClientTLS {
        GRPCClientTLS(trustedCAFile: cacert, certFile: cert, keyFile: key)
    }

    /// Connects to `endpoint` (with TLS for https), checks that it answers, runs `body` and closes
    /// the connection.
    private static func withClient<Result: Sendable>(
        _ endpoint: ListenAddress, tls: GRPCClientTLS, _ body: (EtcdClient) async throws -> Result
    ) async throws -> Result {
        do {
            return try await EtcdClient.withConnection(
                host: endpoint.host, port: endpoint.port, tls: endpoint.scheme.usesTLS ? tls : nil
            ) { client in
                do {
                    _ = try await client.status()
                } catch {
                    // A refused TLS handshake shows only as a closed connection.
                    let hint = endpoint.scheme.usesTLS ? " (check --cacert, --cert and --key)" : ""
                    throw StoreMigrationError.unreachable(endpoint: "\(endpoint)", reason: "\(error)\(hint)")
                }
                return try await body(client)
            }
        } catch let error as StoreMigrationError {
            throw error
        } catch {
            // The migration names every failure of its own, so this one is the connection's.
            throw StoreMigrationError.unreachable(endpoint: "\(endpoint)", reason: "\(error)")
        }
    }
}
