import ArgumentParser
import Foundation
import WharfRuntime

/// `wharf certs`: a local certificate authority with a serving certificate, an admin client
/// certificate and a kubeconfig, as `wharf up` makes them, for running `wharf apiserver` by hand.
struct Certs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create (or reuse) a CA, API server and admin certificates, and a kubeconfig in a directory."
    )

    @Option(help: "Where to write ca.crt, apiserver.crt/.key, admin.crt/.key and kubeconfig.")
    var dir: String

    @Option(help: "The API server URL the kubeconfig points at.")
    var server = "https://127.0.0.1:6443"

    @Option(help: "Extra DNS names for the serving certificate (comma-separated).")
    var hosts = ""

    func run() async throws {
        let directory = URL(fileURLWithPath: dir)
        let authority = try LocalCertificateAuthority(directory: directory)
        let extraHosts = hosts.split(separator: ",").map(String.init)
        let serving = try authority.servingCertificate(name: "apiserver", extraHosts: extraHosts)
        let admin = try authority.clientCertificate(name: "admin", commonName: "wharf-admin", organizations: ["system:masters"])
        let tokenKey = try authority.serviceAccountSigningKey()
        let kubeconfig = directory.appendingPathComponent("kubeconfig")
        try Kubeconfig(
            clusterName: "wharf", server: server, certificateAuthority: authority.certificateFile,
            clientCertificate: admin.certificateFile, clientKey: admin.keyFile
        ).write(to: kubeconfig)
        print(
            """
            wrote \(directory.path):
              --tls-cert-file \(serving.certificateFile.path) --tls-private-key-file \(serving.keyFile.path) --client-ca-file \(authority.certificateFile.path) --service-account-signing-key-file \(tokenKey.path)
              export KUBECONFIG=\(kubeconfig.path)
            """
        )
    }
}
