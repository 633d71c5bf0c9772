import KubeModel

/// The `AdmissionReview` (admission.k8s.io/v1) exchanged with webhooks.
enum AdmissionReview {
    /// The review a webhook receives.
    static func request(uid: String, _ attributes: AdmissionAttributes) -> JSONValue {
        let resource = attributes.definition.resource
        let kind: JSONValue = [
            "group": .string(resource.group), "version": .string(resource.version), "kind": .string(attributes.definition.kind),
        ]
        let resourceJSON: JSONValue = [
            "group": .string(resource.group), "version": .string(resource.version), "resource": .string(resource.resource),
        ]
        var user: JSONObject = ["username": .string(attributes.user?.name ?? "system:anonymous")]
        if let uid = attributes.user?.uid, !uid.isEmpty { user["uid"] = .string(uid) }
        user["groups"] = .array((attributes.user?.groups ?? ["system:unauthenticated"]).map(JSONValue.string))
        let options: String = switch attributes.operation {
        case "CREATE": "CreateOptions"
        case "DELETE": "DeleteOptions"
        default: "UpdateOptions"
        }
        var request: JSONObject = [
            "uid": .string(uid), "kind": kind, "resource": resourceJSON, "requestKind": kind, "requestResource": resourceJSON,
        ]
        if !attributes.subresource.isEmpty { request["subResource"] = .string(attributes.subresource) }
        if !attributes.name.isEmpty { request["name"] = .string(attributes.name) }
        if !attributes.namespace.isEmpty { request["namespace"] = .string(attributes.namespace) }
        request["operation"] = .string(attributes.operation)
        request["userInfo"] = .object(user)
        request["object"] = attributes.object ?? .null
        request["oldObject"] = attributes.oldObject ?? .null
        request["dryRun"] = .bool(attributes.dryRun)
        request["options"] = ["kind": .string(options), "apiVersion": "meta.k8s.io/v1"]
        return ["kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": .object(request)]
    }

    /// The `response` of a webhook's answer, checked to be an AdmissionReview v1 for `uid`.
    static func response(_ body: [UInt8], uid: String) throws -> JSONValue {
        let review = try JSONParser.parse(body)
        guard review.apiVersion == "admission.k8s.io/v1", review.kind == "AdmissionReview", let response = review["response"] else {
            throw StatusError.internalError("expected response.apiVersion admission.k8s.io/v1 AdmissionReview")
        }
        guard response["uid"]?.stringValue == uid else {
            throw StatusError.internalError("expected response.uid=\"\(uid)\", got \"\(response["uid"]?.stringValue ?? "")\"")
        }
        if let patchType = response["patchType"]?.stringValue, patchType != "JSONPatch" {
            throw StatusError.internalError("expected patchType JSONPatch, got \(patchType)")
        }
        return response
    }

    /// kube-apiserver's error for a denial: the webhook's status, its message prefixed with
    /// `admission webhook "name" denied the request`, and a code of at least 400.
    static func denial(_ webhook: String, status: JSONValue?) -> StatusError {
        let deniedBy = "admission webhook \"\(webhook)\" denied the request"
        let code = Int(status?["code"]?.integerValue ?? 0)
        let message = status?["message"]?.stringValue ?? ""
        let reason = status?["reason"]?.stringValue ?? ""
        let text = !message.isEmpty ? "\(deniedBy): \(message)" : !reason.isEmpty ? "\(deniedBy): \(reason)" : "\(deniedBy) without explanation"
        return StatusError(code: code < 400 ? 400 : code, reason: reason, message: text)
    }
}
