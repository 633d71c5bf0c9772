import Foundation

/// Resident memory of a process, read from `/proc/PID/status` (Linux).
public struct ProcessMemory: Sendable, Codable, Equatable {
    /// `VmRSS`: resident now, in KiB.
    public var residentKiB: Int
    /// `VmHWM`: the most it was ever resident, in KiB.
    public var peakKiB: Int

    /// Reads a process's memory; nil when the process is gone or the file has no such lines.
    ///
    /// - Parameter pid: The process ID.
    public init?(pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var fields: [Substring: Int] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            if parts.count >= 2, let value = Int(parts[1]) { fields[parts[0]] = value }
        }
        guard let resident = fields["VmRSS"], let peak = fields["VmHWM"] else { return nil }
        residentKiB = resident
        peakKiB = peak
    }
}
