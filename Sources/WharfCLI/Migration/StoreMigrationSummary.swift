import Foundation
import StoreCore

/// What a ``StoreMigration`` did (or, in a dry run, would do), so far or in the end.
struct StoreMigrationSummary: Sendable, Hashable {
    /// The source revision the keys were read at.
    var revision: Revision
    /// The keys in the migrated range at that revision.
    var total: Int64
    /// Keys compared so far.
    var processed: Int64 = 0
    /// Keys written to the target (their value or lease differed, or they were missing).
    var copied: Int64 = 0
    /// Keys the target already had with the same value and lease.
    var unchanged: Int64 = 0
    /// Keys not copied because their lease expired on the source.
    var skipped: Int64 = 0
    /// Leases granted on the target.
    var leasesGranted: Int64 = 0
    /// Leases the target had already.
    var leasesKept: Int64 = 0
    /// Leases that expired on the source before they could be copied.
    var leasesExpired: Int64 = 0
    /// Time since the migration started.
    var elapsed = Duration.zero

    /// Keys compared per second.
    var keysPerSecond: Double {
        seconds > 0 ? Double(processed) / seconds : 0
    }

    private var seconds: Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// A progress line: keys done of the total and the rate.
    var progressLine: String {
        let percent = total > 0 ? processed * 100 / total : 100
        return "keys \(processed)/\(total) (\(percent)%), \(Int(keysPerSecond)) keys/s"
    }

    /// The final line, with every count; `dryRun` words it as what would happen.
    func summaryLine(dryRun: Bool) -> String {
        """
            \(dryRun ? "dry run: would copy" : "copied") \(copied) of \(total) keys at revision \(revision) \
            (\(unchanged) unchanged, \(skipped) skipped with an expired lease); \
            leases: \(leasesGranted) \(dryRun ? "to grant" : "granted"), \(leasesKept) already there, \
            \(leasesExpired) expired; \(String(format: "%.1f", seconds)) s
            """
    }
}
