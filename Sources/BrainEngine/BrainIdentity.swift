public import Foundation
public import StoreCore

/// The IDs a brain data directory answers to, kept across restarts like etcd's member and
/// cluster IDs, and a count of starts that stands in for the raft term.
public struct BrainIdentity: Sendable, Hashable, Codable {
    public var clusterID: UInt64
    public var memberID: UInt64
    /// How many times a store opened this directory (including this time).
    public var starts: UInt64

    /// Reads the identity in `directory` (creating a fresh one the first time) and counts this
    /// start; without a directory, a fresh identity.
    public static func load(directory: URL?) throws(StoreError) -> BrainIdentity {
        let fresh = BrainIdentity(clusterID: .random(in: 1...UInt64.max), memberID: .random(in: 1...UInt64.max), starts: 1)
        guard let directory else { return fresh }
        let file = directory.appendingPathComponent("identity.json")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var identity = fresh
            if let data = try? Data(contentsOf: file) {
                identity = try JSONDecoder().decode(BrainIdentity.self, from: data)
                identity.starts += 1
            }
            try JSONEncoder().encode(identity).write(to: file, options: .atomic)
            return identity
        } catch {
            throw .unavailable("cannot read or write \(file.path): \(error)")
        }
    }
}
