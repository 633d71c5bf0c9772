import Foundation
import KubeModel

extension ResourceHandler {
    /// Token lifetimes kube-apiserver accepts: at least ten minutes, an hour by default.
    private static let minimumTokenSeconds: Int64 = 600
    private static let defaultTokenSeconds: Int64 = 3600

    /// `POST …/serviceaccounts/<name>/token` (TokenRequest, authentication.k8s.io/v1): a signed token
    /// for an existing service account, for the requested audiences (the issuer by default) and
    /// lifetime.
    func requestToken(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> JSONValue
    {
        guard info.verb == "create" else { throw StatusError.methodNotSupported(definition.resource, verb: info.verb) }
        guard let issuer = self.authenticator.serviceAccounts else {
            throw StatusError.serviceUnavailable(
                "service account tokens are not available: the API server has no --service-account-signing-key-file"
            )
        }
        let account = try await self.objects.get(definition, namespace: info.namespace, name: info.name)
        let body = request.body.isEmpty ? JSONValue.object(JSONObject()) : try Self.parseBody(request)
        let spec = body["spec"] ?? .object(JSONObject())
        let requestedSeconds = spec["expirationSeconds"]?.integerValue ?? Self.defaultTokenSeconds
        let kind = GroupVersionKind(group: "authentication.k8s.io", version: "v1", kind: "TokenRequest")
        guard requestedSeconds >= Self.minimumTokenSeconds, requestedSeconds <= Int64(UInt32.max) else {
            throw StatusError.invalid(kind: kind, name: info.name, causes: [
                .invalid("spec.expirationSeconds", number: requestedSeconds, "may not specify a duration less than 10 minutes")
            ])
        }
        var audiences = (spec["audiences"]?.arrayValue ?? []).compactMap(\.stringValue)
        if audiences.isEmpty { audiences = [issuer.issuer] }
        let issued = issuer.issue(
            namespace: info.namespace, name: info.name, uid: account.metadataString("uid"), audiences: audiences,
            expirationSeconds: requestedSeconds
        )
        var answer = spec
        answer["audiences"] = .array(audiences.map(JSONValue.string))
        answer["expirationSeconds"] = .integer(requestedSeconds)
        return [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": ["name": .string(info.name), "namespace": .string(info.namespace),
                         "creationTimestamp": .string(ObjectRules.timestamp(Date()))],
            "spec": answer,
            "status": ["token": .string(issued.token), "expirationTimestamp": .string(ObjectRules.timestamp(issued.expiration))],
        ]
    }
}
