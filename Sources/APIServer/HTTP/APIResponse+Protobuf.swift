import KubeModel
import NIOHTTP1

extension APIResponse {
    /// A response in Kubernetes' protobuf (`application/vnd.kubernetes.protobuf`).
    static func protobuf(_ bytes: [UInt8], status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> APIResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: KubeProtobuf.contentType)
        return APIResponse(status: status, headers: headers, body: .bytes(bytes))
    }

    /// An object (or list) in protobuf when `format` says so, else in JSON. An object that does
    /// not fit its protobuf schema (a Wharf bug, since stored objects are type-checked) is answered
    /// in JSON, which every client decodes by the response's `Content-Type`, rather than failing.
    static func encoded(_ object: JSONValue, _ format: ResponseFormat, status: HTTPResponseStatus = .ok) -> APIResponse {
        guard format.isProtobuf, let bytes = try? KubeProtobuf.encodeObject(object) else {
            return .json(object, status: status)
        }
        return .protobuf(bytes, status: status)
    }

    /// The same response with its `Status` body in protobuf when the client prefers protobuf, as
    /// kube-apiserver negotiates its errors; other responses are returned as they are.
    func negotiatingStatus(accept: String) -> APIResponse {
        guard self.status.code >= 400, ResponseFormat(accept: accept, protobuf: true)?.isProtobuf == true,
            let body = self.jsonBody, body["kind"]?.stringValue == "Status",
            let bytes = try? KubeProtobuf.encodeObject(body)
        else { return self }
        var response = self
        response.headers.replaceOrAdd(name: "Content-Type", value: KubeProtobuf.contentType)
        response.body = .bytes(bytes)
        return response
    }
}
