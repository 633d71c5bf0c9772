import Foundation
import CEL
import KubeModel

/// The values one request gives a ValidatingAdmissionPolicy's expressions: `object`,
/// `oldObject`, `request`, `params` and `namespaceObject` (each `null` when absent);
/// `variables` are computed from them as expressions need them (``PolicyVariableScope``).
struct PolicyActivation: Sendable {
    var object: CELValue
    var oldObject: CELValue
    var request: CELValue
    var params: CELValue
    var namespaceObject: CELValue

    /// The activation of a request with one parameter object (`nil` when the policy has no
    /// `paramKind`) and the request's namespace object (`nil` for cluster-scoped requests).
    init(_ attributes: AdmissionAttributes, params: JSONValue?, namespace: JSONValue?) {
        self.object = attributes.object?.celValue ?? .null
        self.oldObject = attributes.oldObject?.celValue ?? .null
        self.request = Self.request(attributes).celValue
        self.params = params?.celValue ?? .null
        self.namespaceObject = namespace?.celValue ?? .null
    }

    /// The bindings every expression starts from.
    var bindings: [String: CELValue] {
        [
            "object": self.object, "oldObject": self.oldObject, "request": self.request, "params": self.params,
            "namespaceObject": self.namespaceObject,
        ]
    }

    /// `request`: the AdmissionRequest a webhook would receive, without `uid`, `object` and
    /// `oldObject`, and with every field present (empty when unset) as kube-apiserver's typed
    /// request has them, so `request.name == ''` works for a generated name.
    private static func request(_ attributes: AdmissionAttributes) -> JSONValue {
        var request = AdmissionReview.request(uid: "", attributes)["request"] ?? [:]
        for field in ["uid", "object", "oldObject"] { request[field] = nil }
        for field in ["subResource", "requestSubResource", "name", "namespace"] where request[field] == nil {
            request[field] = ""
        }
        request["requestSubResource"] = .string(attributes.subresource)
        var extra = JSONObject()
        for (key, values) in attributes.user?.extra ?? [:] { extra[key] = .array(values.map(JSONValue.string)) }
        request["userInfo"]?["uid"] = .string(attributes.user?.uid ?? "")
        request["userInfo"]?["extra"] = .object(extra)
        return request
    }
}
