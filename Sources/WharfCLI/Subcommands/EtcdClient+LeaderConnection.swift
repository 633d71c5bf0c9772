public import BrainPostgres
public import EtcdClient
import Foundation
import StoreCore
import WharfGRPC

/// A brain follower on PostgreSQL forwards writes to the leader with the etcd client.
extension EtcdClient: LeaderConnection {
    /// Connects to the first reachable of `urls` (`http://host:port`, or `https://` with `tls`).
    /// - Throws: ``StoreError/unavailable(_:)`` when none can be reached.
    static func connect(toFirstOf urls: [String], tls: GRPCClientTLS) async throws -> EtcdClient {
        var failures: [String] = []
        for url in urls {
            guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
                failures.append("\(url): not a client URL")
                continue
            }
            do {
                return try await connect(host: host, port: port, tls: components.scheme == "https" ? tls : nil)
            } catch {
                failures.append("\(url): \(error)")
            }
        }
        throw StoreError.unavailable("leader unreachable (\(failures.joined(separator: "; ")))")
    }
}
