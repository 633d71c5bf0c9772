import Foundation
import KubeModel

/// A kubeconfig file for one cluster, one user and one context, written as JSON (which is YAML,
/// so kubectl and every client library read it) with the certificates embedded.
struct Kubeconfig {
    var clusterName: String
    var server: String
    var certificateAuthority: URL
    var clientCertificate: URL
    var clientKey: URL

    /// Writes the file readable by its owner only.
    func write(to url: URL) throws {
        func embedded(_ file: URL) throws -> JSONValue {
            .string(try Data(contentsOf: file).base64EncodedString())
        }
        let user = "\(self.clusterName)-admin"
        let document: JSONValue = [
            "apiVersion": "v1", "kind": "Config", "current-context": .string(self.clusterName),
            "clusters": [[
                "name": .string(self.clusterName),
                "cluster": ["server": .string(self.server), "certificate-authority-data": try embedded(self.certificateAuthority)],
            ]],
            "users": [[
                "name": .string(user),
                "user": [
                    "client-certificate-data": try embedded(self.clientCertificate),
                    "client-key-data": try embedded(self.clientKey),
                ],
            ]],
            "contexts": [[
                "name": .string(self.clusterName),
                "context": ["cluster": .string(self.clusterName), "user": .string(user), "namespace": "default"],
            ]],
            "preferences": [:],
        ]
        try Data(document.serialized()).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
