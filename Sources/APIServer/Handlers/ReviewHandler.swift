import KubeModel

/// The review resources, which are computed per request and never stored: who the caller is
/// (`SelfSubjectReview`), whether a token is valid (`TokenReview`), and whether a subject may do
/// something (`SubjectAccessReview` and its self and local forms). Until RBAC is enforced, every
/// authenticated subject may do everything, so access reviews answer allowed.
struct ReviewHandler: Sendable {
    let authenticator: Authenticator

    /// The review with its `status` filled in.
    func answer(_ review: JSONValue, kind: String, user: UserInfo?) throws(StatusError) -> JSONValue {
        var answered = review
        answered["metadata"] = review["metadata"] ?? .object(JSONObject())
        switch kind {
        case "SelfSubjectReview":
            answered["status"] = ["userInfo": Self.userInfo(user)]
        case "TokenReview":
            guard let token = review["spec"]?["token"]?.stringValue, !token.isEmpty else {
                throw .invalid(kind: GroupVersionKind(group: "authentication.k8s.io", version: "v1", kind: kind), name: "", causes: [
                    .required("spec.token")
                ])
            }
            switch self.authenticator.authenticate(authorization: "Bearer \(token)", certificate: nil) {
            case .authenticated(let reviewed):
                answered["status"] = ["authenticated": true, "user": Self.userInfo(reviewed)]
            case .anonymous, .rejected:
                answered["status"] = ["authenticated": false, "error": "invalid bearer token"]
            }
        case "SubjectAccessReview", "SelfSubjectAccessReview", "LocalSubjectAccessReview":
            answered["status"] = ["allowed": true, "reason": "no authorizer is enforced yet: every authenticated subject is allowed"]
        case "SelfSubjectRulesReview":
            answered["status"] = [
                "resourceRules": [["verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]]],
                "nonResourceRules": [["verbs": ["*"], "nonResourceURLs": ["*"]]],
                "incomplete": false,
            ]
        default:
            throw .pathNotFound
        }
        return answered
    }

    private static func userInfo(_ user: UserInfo?) -> JSONValue {
        guard let user else { return ["username": "system:anonymous", "groups": ["system:unauthenticated"]] }
        var info: JSONObject = ["username": .string(user.name)]
        if !user.uid.isEmpty { info["uid"] = .string(user.uid) }
        info["groups"] = .array(user.groups.map(JSONValue.string))
        return .object(info)
    }
}
