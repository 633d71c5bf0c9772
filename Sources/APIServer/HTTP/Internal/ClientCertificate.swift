import NIOCore
import NIOSSL

/// Reads the subject of the client certificate NIOSSL verified on a connection.
enum ClientCertificate {
    /// The last CN and every O of the verified peer certificate, or `nil` when the client sent none.
    static func subject(of channel: any Channel) async -> (commonName: String, organizations: [String])? {
        let future = channel.eventLoop.submit { () -> (String, [String])? in
            guard let handler = try? channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
                let certificate = handler.peerCertificate
            else { return nil }
            let names = certificate.subjectName
            let commonName = names.last { $0.type == .commonName }?.value ?? ""
            let organizations = names.filter { $0.type == .organization }.map(\.value)
            return (commonName, organizations)
        }
        guard let subject = try? await future.get() else { return nil }
        return subject
    }
}
