import BrainPostgres
import Foundation
import Logging
import Testing
import StoreCore
import WharfTestSupport

/// Starts one PostgreSQL server (a fresh cluster in a temporary directory) around a whole suite;
/// each test makes its own database on it with ``withPostgresStore(_:)``.
struct PostgresServerTrait: SuiteTrait, TestScoping {
    @TaskLocal static var current: PostgresProcess?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await PostgresProcess.start()
        do {
            try await Self.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == PostgresServerTrait {
    /// A PostgreSQL server for the suite.
    static var postgresServer: Self { PostgresServerTrait() }
}

/// Creates a database on the suite's server and returns a configuration for it.
func freshDatabase(configure: (inout PostgresStoreConfiguration) -> Void = { _ in }) async throws -> PostgresStoreConfiguration {
    let server = try #require(PostgresServerTrait.current)
    let database = "t_" + UUID().uuidString.prefix(8).lowercased()
    try await server.createDatabase(database)
    var configuration = try PostgresStoreConfiguration(url: server.url(database: database))
    configuration.watchPollInterval = .milliseconds(5)
    configure(&configuration)
    return configuration
}

/// Creates a database on the suite's server and runs `body` with a running store on it.
func withPostgresStore(
    configure: (inout PostgresStoreConfiguration) -> Void = { _ in },
    _ body: (PostgresStore, PostgresStoreConfiguration) async throws -> Void
) async throws {
    let configuration = try await freshDatabase(configure: configure)
    try await withRunning(try PostgresStore(configuration: configuration, logger: Logger(label: "test"))) { store in
        try await body(store, configuration)
    }
}

/// Runs `store` in the background for the duration of `body`.
func withRunning(_ store: PostgresStore, _ body: (PostgresStore) async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await store.run() }
        do {
            try await body(store)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
}

/// Waits (up to 10 s) until `condition` holds, and expects it to.
func eventually(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    #expect(condition(), sourceLocation: sourceLocation)
}

func bytes(_ string: String) -> Data { Data(string.utf8) }

typealias ResponseReader = WatchResponseReader
