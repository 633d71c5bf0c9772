public import Foundation

extension APIServerEndpoint {
    /// Reads the server and credentials of a kubeconfig's current context (or its only context):
    /// `certificate-authority-data`, `client-certificate-data`, `client-key-data` (base64) or the
    /// file paths `certificate-authority`, `client-certificate`, `client-key`, and `token`.
    ///
    /// Only kubeconfigs written as JSON are read, such as the one `wharf up` writes.
    ///
    /// - Parameter kubeconfig: The file.
    /// - Throws: ``KubeBenchError/invalidKubeconfig(_:)`` when the file cannot be read or lacks a server.
    public init(kubeconfig: URL) throws(KubeBenchError) {
        let data: Data
        do {
            data = try Data(contentsOf: kubeconfig)
        } catch {
            throw KubeBenchError.invalidKubeconfig("cannot read \(kubeconfig.path): \(error)")
        }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw KubeBenchError.invalidKubeconfig("\(kubeconfig.path) is not a JSON kubeconfig")
        }
        func named(_ list: String, _ name: String?) -> [String: Any]? {
            let entries = document[list] as? [[String: Any]] ?? []
            let entry =
                name.flatMap { name in entries.first { $0["name"] as? String == name } }
                ?? (entries.count == 1 ? entries[0] : nil)
            return entry
        }
        let context = named("contexts", document["current-context"] as? String)?["context"] as? [String: Any]
        guard let cluster = named("clusters", context?["cluster"] as? String)?["cluster"] as? [String: Any],
            let server = cluster["server"] as? String
        else { throw KubeBenchError.invalidKubeconfig("\(kubeconfig.path) names no cluster server") }
        let user = named("users", context?["user"] as? String)?["user"] as? [String: Any] ?? [:]
        let directory = kubeconfig.deletingLastPathComponent()

        func pem(_ fields: [String: Any], _ name: String) throws(KubeBenchError) -> [UInt8]? {
            if let encoded = fields["\(name)-data"] as? String {
                guard let decoded = Data(base64Encoded: encoded) else {
                    throw KubeBenchError.invalidKubeconfig("\(name)-data in \(kubeconfig.path) is not base64")
                }
                return Array(decoded)
            }
            guard let path = fields[name] as? String else { return nil }
            let file = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            guard let contents = try? Data(contentsOf: file) else {
                throw KubeBenchError.invalidKubeconfig("cannot read \(name) \(file.path)")
            }
            return Array(contents)
        }

        try self.init(server: server)
        self.certificateAuthorityPEM = try pem(cluster, "certificate-authority")
        self.clientCertificatePEM = try pem(user, "client-certificate")
        self.clientKeyPEM = try pem(user, "client-key")
        self.bearerToken = user["token"] as? String
    }
}
