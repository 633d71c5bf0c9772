import ArgumentParser
import BrainEngine
import BrainPostgres
import EtcdService
import Foundation
import WharfRuntime

/// brain's flags, named as etcd names them wherever they mean the same thing.
struct BrainOptions: ParsableArguments {
    @Option(help: "Human-readable name for this member.")
    var name = "default"

    @Option(help: "Path to the data directory.")
    var dataDir = "default.brain"

    @Option(help: "Comma-separated URLs to listen on for client traffic (the first is served).")
    var listenClientUrls = "http://127.0.0.1:2379"

    @Option(help: "Comma-separated client URLs advertised to clients (MemberList) and, with --backend, to the other nodes, which forward writes there when this member leads.")
    var advertiseClientUrls = "http://127.0.0.1:2379"

    @Option(help: "Raise an alarm when the data exceeds this many bytes (0 = 2 GiB, etcd's default; no quota with --backend).")
    var quotaBackendBytes: Int64 = 0

    @Option(help: "Maximum client request size in bytes.")
    var maxRequestBytes = EtcdServerConfiguration.defaultMaxRequestBytes

    @Option(help: "Maximum number of operations in one transaction list.")
    var maxTxnOps = 128

    @Option(help: "Path to the client server TLS certificate file.")
    var certFile: String?

    @Option(help: "Path to the client server TLS key file.")
    var keyFile: String?

    @Option(help: "Path to the client server TLS trusted CA certificate file.")
    var trustedCaFile: String?

    @Flag(help: "Require client certificates signed by --trusted-ca-file.")
    var clientCertAuth = false

    @Option(help: "Auto compaction mode: periodic (keep --auto-compaction-retention of time) or revision (keep that many revisions).")
    var autoCompactionMode = "periodic"

    @Option(help: "Auto compaction retention: '0' disables; periodic takes a duration ('1h', '30m', '90s') or hours ('1'); revision takes a count.")
    var autoCompactionRetention = "0"

    @Option(help: "How often idle watchers that asked for progress notifications get one (e.g. 10m, 5s).")
    var experimentalWatchProgressNotifyInterval = "10m"

    @Option(help: "An etcd snapshot file (from `etcdctl snapshot save`) to load when the data directory is empty.")
    var initialSnapshot: String?

    @Option(help: "The etcd server version brain reports; clients enable features by it.")
    var etcdVersion = "3.5.17"

    @Option(
        help: ArgumentHelp(
            "Keep the key space in PostgreSQL instead of the data directory: postgres://user[:password]@host:port/database[?sslmode=disable|prefer|require|verify-ca|verify-full&sslrootcert=FILE&sslcert=FILE&sslkey=FILE] (libpq's PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY apply when the URL leaves them out). Several nodes on one database form one store. Default: $WHARF_BRAIN_BACKEND, else the embedded engine.",
            valueName: "url"))
    var backend: String?

    @Option(help: "Most connections to PostgreSQL this node opens (with --backend).")
    var backendPoolSize = 8

    @Option(
        help: ArgumentHelp(
            "With --backend: keep every live key in memory, fed by the event stream, so ranges need no SQL statement (costs memory for the whole live key space on every node).",
            valueName: "true|false"))
    var readCache = true

    @Option(help: "Benchmarks only: extra milliseconds added to every disk sync, to emulate slower disks.")
    var unsafeSyncDelayMs = 0

    func validate() throws {
        if (certFile == nil) != (keyFile == nil) {
            throw ValidationError("--cert-file and --key-file go together")
        }
        if clientCertAuth && trustedCaFile == nil {
            throw ValidationError("--client-cert-auth needs --trusted-ca-file")
        }
        _ = try clientAddress()
        _ = try postgresBackend()
        if backendPoolSize < 1 { throw ValidationError("--backend-pool-size must be at least 1") }
        _ = try autoCompaction()
        _ = try progressNotifyInterval()
    }

    /// The PostgreSQL backend `--backend` (or `$WHARF_BRAIN_BACKEND`) names, or nil for the
    /// embedded engine.
    func postgresBackend() throws -> PostgresStoreConfiguration? {
        let url = backend ?? ProcessInfo.processInfo.environment["WHARF_BRAIN_BACKEND"] ?? ""
        guard !url.isEmpty else { return nil }
        do {
            var configuration = try PostgresStoreConfiguration(url: url, environment: ProcessInfo.processInfo.environment)
            configuration.poolSize = backendPoolSize
            configuration.readCache = readCache
            configuration.quotaBytes = quotaBackendBytes
            configuration.maxTxnOperations = maxTxnOps
            configuration.progressNotifyInterval = try progressNotifyInterval()
            return configuration
        } catch {
            throw ValidationError("--backend: \(error)")
        }
    }

    /// The progress notification interval the flag describes.
    func progressNotifyInterval() throws -> Duration {
        guard let interval = Self.parseDuration(experimentalWatchProgressNotifyInterval), interval > .zero else {
            throw ValidationError("--experimental-watch-progress-notify-interval must be a positive duration like 10m")
        }
        return interval
    }

    /// The auto-compaction policy the flags describe, or nil when disabled.
    func autoCompaction() throws -> AutoCompaction? {
        let retention = autoCompactionRetention.trimmingCharacters(in: .whitespaces)
        switch autoCompactionMode {
        case "revision":
            guard let count = Int64(retention), count >= 0 else {
                throw ValidationError("--auto-compaction-retention must be a revision count in revision mode")
            }
            return count == 0 ? nil : .revision(retention: count)
        case "periodic":
            guard let duration = Self.parseDuration(retention) else {
                throw ValidationError("--auto-compaction-retention must be a duration like 1h, 30m or 90s, or hours")
            }
            return duration == .zero ? nil : .periodic(retention: duration)
        default:
            throw ValidationError("--auto-compaction-mode must be periodic or revision")
        }
    }

    /// Parses Go-style durations made of hours, minutes and seconds ("1h30m", "90s"), or a bare
    /// number of hours as etcd accepts.
    static func parseDuration(_ text: String) -> Duration? {
        if let hours = Double(text) { return hours >= 0 ? .seconds(hours * 3600) : nil }
        var total = Duration.zero
        var number = ""
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "h": total += .seconds(value * 3600)
            case "m": total += .seconds(value * 60)
            case "s": total += .seconds(value)
            default: return nil
            }
            number = ""
        }
        return number.isEmpty ? total : nil
    }

    /// The address the etcd API listens on.
    func clientAddress() throws -> ListenAddress {
        guard let address = try ListenAddress.parseList(listenClientUrls).first else {
            throw ValidationError("--listen-client-urls needs a URL")
        }
        if address.scheme.usesTLS && certFile == nil {
            throw ValidationError("an https client URL needs --cert-file and --key-file")
        }
        return address
    }

    /// The client URLs advertised to clients and to the other nodes.
    var advertisedClientURLs: [String] {
        advertiseClientUrls.split(separator: ",").map(String.init)
    }

    /// The TLS files, when configured.
    var tls: TLSFiles? {
        guard let certFile, let keyFile else { return nil }
        return TLSFiles(certFile: certFile, keyFile: keyFile, trustedCAFile: trustedCaFile, clientCertAuth: clientCertAuth)
    }
}
