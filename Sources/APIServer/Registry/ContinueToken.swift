import Foundation
import KubeModel
import StoreCore

/// The opaque `continue` token of a paged list, in kube-apiserver's format: base64 of
/// `{"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after the collection prefix>"}`, so a
/// token from one API server replica works on another.
struct ContinueToken: Equatable {
    /// The revision every page of the list is read at.
    var revision: Revision
    /// Where the next page starts, relative to the collection prefix.
    var start: String

    init(revision: Revision, start: String) {
        self.revision = revision
        self.start = start
    }

    /// Decodes a token.
    ///
    /// - Throws: ``StatusError`` `400` for a token that is not one of ours.
    init(parsing token: String) throws(StatusError) {
        guard let data = Data(base64Encoded: Self.padded(token)),
            let json = try? JSONParser.parse(data),
            json["v"]?.stringValue == "meta.k8s.io/v1",
            let revision = json["rv"]?.integerValue, revision > 0,
            let start = json["start"]?.stringValue,
            !start.hasPrefix("/"), !start.contains("..")
        else {
            throw .badRequest("continue key is not valid: \(token)")
        }
        self.init(revision: revision, start: start)
    }

    /// The token text.
    var encoded: String {
        let json: JSONValue = ["v": "meta.k8s.io/v1", "rv": .integer(self.revision), "start": .string(self.start)]
        return Data(json.serialized()).base64EncodedString()
    }

    private static func padded(_ token: String) -> String {
        let remainder = token.count % 4
        return remainder == 0 ? token : token + String(repeating: "=", count: 4 - remainder)
    }
}
