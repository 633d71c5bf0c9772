import KubeModel
import NIOHTTP1
import Synchronization

/// Serves `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<group version>`. The documents are built
/// on the first request (parsing the built-in schemas costs more than a startup should), then
/// served from memory until the served resources change (a CRD comes or goes).
final class OpenAPIHandler: Sendable {
    private let served: ServedResources
    private let documents = Mutex<(generation: Int, documents: OpenAPIDocuments)?>(nil)

    init(served: ServedResources) {
        self.served = served
    }

    /// The answer for an `/openapi/…` path, or `nil` when the path is not one.
    func response(path: String, accept: String) -> APIResponse? {
        guard path.hasPrefix("/openapi/") else { return nil }
        let (catalog, generation) = self.served.snapshot
        let documents = self.documents.withLock { cached in
            if let cached, cached.generation == generation { return cached.documents }
            let built = OpenAPIDocuments(catalog: catalog)
            cached = (generation, built)
            return built
        }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        switch trimmed {
        case "/openapi/v2":
            if accept.contains(OpenAPIv2Protobuf.contentType) {
                // kube-apiserver labels the protobuf document as opaque bytes; Go's media-type parser
                // would refuse the requested type's `@` anyway.
                return APIResponse(
                    status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(documents.version2Protobuf)
                )
            }
            return Self.json(documents.version2, cacheable: false)
        case "/openapi/v3":
            return Self.json(documents.version3Index, cacheable: false)
        default:
            let prefix = "/openapi/v3/"
            guard trimmed.hasPrefix(prefix), let document = documents.version3[String(trimmed.dropFirst(prefix.count))] else {
                return .status(.pathNotFound)
            }
            return Self.json(document, cacheable: true)
        }
    }

    /// Group-version documents are addressed by content hash, so clients may cache them for good.
    private static func json(_ bytes: [UInt8], cacheable: Bool) -> APIResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if cacheable {
            headers.add(name: "Cache-Control", value: "public, immutable")
        }
        return APIResponse(status: .ok, headers: headers, body: .bytes(bytes))
    }
}
