import NIOCore
import NIOHTTP1

extension APIConnection {
    /// Creates a namespace unless it exists.
    mutating func ensureNamespace(_ name: String) async throws {
        let response = try await self.request(.POST, "/api/v1/namespaces", body: ObjectTemplates.namespace(name))
        try response.expect([201, 409], "POST /api/v1/namespaces (\(name))")
    }

    /// Makes `kind` served: creates its CustomResourceDefinition unless it exists and waits (up to
    /// ten seconds) until its collection answers. Built-in kinds are served already.
    mutating func ensureServed(_ kind: BenchObjectKind) async throws {
        guard let definition = kind.definition else { return }
        let definitions = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
        try await self.request(.POST, definitions, body: definition).expect([201, 409], "POST \(definitions)")
        let collection = kind.collection(namespace: "default") + "?limit=1"
        var response = try await self.request(.GET, collection)
        for _ in 0..<100 where response.status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            response = try await self.request(.GET, collection)
        }
        try response.expect([200], "GET \(collection), 10 s after its CustomResourceDefinition was created")
    }

    /// Creates an object in a collection and returns its identity as the server answered it.
    mutating func create(_ collection: String, _ body: [UInt8]) async throws -> JSONScanner.ObjectIdentity {
        let response = try await self.request(.POST, collection, body: body)
        try response.expect([201], "POST \(collection)")
        return try JSONScanner.scan(response.body.readableBytesView) { scanner throws(KubeBenchError) in
            try scanner.objectIdentity()
        }
    }

    /// Reads a whole collection, or one page of it, and returns the items' names with the list's
    /// `resourceVersion` and `continue` token, and the size of the response body.
    mutating func list(_ collection: String, limit: Int = 0, continueToken: String = "") async throws -> ListSummary {
        try Self.summarize(list: try await self.listResponse(collection, limit: limit, continueToken: continueToken))
    }

    /// Reads a whole collection, or one page of it, without looking into the answer.
    mutating func listResponse(_ collection: String, limit: Int = 0, continueToken: String = "") async throws
        -> ClientResponse
    {
        var path = collection
        if limit > 0 { path += "?limit=\(limit)" }
        if !continueToken.isEmpty {
            path += (limit > 0 ? "&" : "?") + "continue=\(continueToken.percentEncodedForQuery)"
        }
        let response = try await self.request(.GET, path)
        try response.expect([200], "GET \(path)")
        return response
    }

    /// What a LIST answered: the items' names, the list's `resourceVersion` and `continue` token,
    /// and the size of the response body.
    struct ListSummary {
        var names: [String]
        var resourceVersion: String
        var continueToken: String
        var bytes: Int
    }

    /// Reads the names, `resourceVersion` and `continue` token out of a LIST response.
    static func summarize(list response: ClientResponse) throws(KubeBenchError) -> ListSummary {
        let list = try JSONScanner.scan(response.body.readableBytesView) { scanner throws(KubeBenchError) in
            try scanner.list()
        }
        return ListSummary(
            names: list.names, resourceVersion: list.resourceVersion, continueToken: list.continueToken,
            bytes: response.body.readableBytes
        )
    }
}

extension String {
    /// The string with everything but unreserved characters percent-encoded, for a query value.
    fileprivate var percentEncodedForQuery: String {
        var encoded = ""
        for byte in self.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }
}
