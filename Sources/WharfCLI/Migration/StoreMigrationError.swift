import StoreCore

/// Why a migration stopped.
enum StoreMigrationError: Error, CustomStringConvertible {
    /// An endpoint could not be connected to.
    case unreachable(endpoint: String, reason: String)
    /// The source compacted the revision being copied; a new run starts from a newer one.
    case sourceCompacted(Revision)
    /// A request to the source failed.
    case source(any Error)
    /// A request to the target failed.
    case target(any Error)

    var description: String {
        switch self {
        case .unreachable(let endpoint, let reason):
            "cannot reach \(endpoint): \(reason)"
        case .sourceCompacted(let revision):
            "the source compacted revision \(revision) during the copy; run the migration again"
        case .source(let error):
            "the source failed: \(Self.describe(error))"
        case .target(let error):
            "the target failed: \(Self.describe(error))"
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case StoreError.unavailable(let reason) = error { return reason }
        return String(describing: error)
    }

    /// Runs a request to the source, naming the source in its failure.
    static func onSource<Result>(at revision: Revision? = nil, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch StoreError.compacted where revision != nil {
            throw sourceCompacted(revision ?? 0)
        } catch let error as StoreMigrationError {
            throw error
        } catch {
            throw source(error)
        }
    }

    /// Runs a request to the target, naming the target in its failure.
    static func onTarget<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as StoreMigrationError {
            throw error
        } catch {
            throw target(error)
        }
    }
}
