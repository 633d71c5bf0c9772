import KubeModel

/// The review resources, which are computed per request and never stored: who the caller is
/// (`SelfSubjectReview`), whether a token is valid (`TokenReview`), whether a subject may do
/// something (`SubjectAccessReview`, `SelfSubjectAccessReview`, `LocalSubjectAccessReview`,
/// answered by the server's authorizer), and what the caller may do in a namespace
/// (`SelfSubjectRulesReview`).
struct ReviewHandler: Sendable {
    let authenticator: Authenticator
    let authorizer: any Authorizer

    /// The review with its `status` filled in.
    ///
    /// - Parameters:
    ///   - review: The posted review.
    ///   - kind: Its kind.
    ///   - user: The caller (after impersonation), `nil` when anonymous.
    ///   - namespace: The request's namespace (for `LocalSubjectAccessReview`).
    func answer(_ review: JSONValue, kind: String, user: UserInfo?, namespace: String) async throws(StatusError) -> JSONValue {
        var answered = review
        answered["metadata"] = review["metadata"] ?? .object(JSONObject())
        let spec = review["spec"] ?? .object(JSONObject())
        let caller = user ?? .anonymous
        switch kind {
        case "SelfSubjectReview":
            answered["status"] = ["userInfo": Self.userInfo(caller)]
        case "TokenReview":
            guard let token = spec["token"]?.stringValue, !token.isEmpty else {
                throw .invalid(kind: Self.kind(kind, group: "authentication.k8s.io"), name: "", causes: [.required("spec.token")])
            }
            switch await self.authenticator.authenticate(authorization: "Bearer \(token)", certificate: nil) {
            case .authenticated(let reviewed):
                answered["status"] = ["authenticated": true, "user": Self.userInfo(reviewed)]
            case .anonymous, .rejected:
                answered["status"] = ["authenticated": false, "error": "invalid bearer token"]
            }
        case "SubjectAccessReview":
            let subject = try Self.subject(spec, kind: kind)
            answered["status"] = await self.decide(try Self.attributes(spec, user: subject, kind: kind))
        case "SelfSubjectAccessReview":
            answered["status"] = await self.decide(try Self.attributes(spec, user: caller, kind: kind))
        case "LocalSubjectAccessReview":
            let subject = try Self.subject(spec, kind: kind)
            var attributes = try Self.attributes(spec, user: subject, kind: kind)
            guard attributes.isResourceRequest else {
                throw .invalid(kind: Self.kind(kind, group: "authorization.k8s.io"), name: "", causes: [
                    StatusCause(
                        type: "FieldValueInvalid", message: "Invalid value: \"null\": disallowed on this kind of request",
                        field: "spec.nonResourceAttributes"
                    )
                ])
            }
            guard attributes.namespace == namespace || attributes.namespace.isEmpty else {
                throw .invalid(kind: Self.kind(kind, group: "authorization.k8s.io"), name: "", causes: [
                    .invalid("spec.resourceAttributes.namespace", value: attributes.namespace, "must match metadata.namespace")
                ])
            }
            attributes.namespace = namespace
            answered["metadata"]?["namespace"] = .string(namespace)
            answered["status"] = await self.decide(attributes)
        case "SelfSubjectRulesReview":
            let rules = await self.authorizer.rules(for: caller, namespace: spec["namespace"]?.stringValue ?? "")
            var status: JSONObject = [
                "resourceRules": .array(rules.resourceRules.map(\.json)),
                "nonResourceRules": .array(rules.nonResourceRules.map(\.json)),
                "incomplete": .bool(rules.incomplete),
            ]
            if !rules.errors.isEmpty { status["evaluationError"] = .string(rules.errors.joined(separator: ", ")) }
            answered["status"] = .object(status)
        default:
            throw .pathNotFound
        }
        return answered
    }

    /// An access review's `status`: `allowed`, and `denied` and `reason` when set.
    private func decide(_ attributes: AuthorizationAttributes) async -> JSONValue {
        let decision = await self.authorizer.authorize(attributes)
        var status: JSONObject = ["allowed": .bool(decision.isAllowed)]
        if case .deny = decision { status["denied"] = true }
        if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
        return .object(status)
    }

    private static func kind(_ kind: String, group: String) -> GroupVersionKind {
        GroupVersionKind(group: group, version: "v1", kind: kind)
    }

    /// The user a (local) subject access review asks about, exactly as given: no group is added.
    private static func subject(_ spec: JSONValue, kind: String) throws(StatusError) -> UserInfo {
        let name = spec["user"]?.stringValue ?? ""
        let groups = (spec["groups"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard !name.isEmpty || !groups.isEmpty else {
            throw .invalid(kind: Self.kind(kind, group: "authorization.k8s.io"), name: "", causes: [
                .invalid("spec.user", value: "", "at least one of user or group must be specified")
            ])
        }
        var extra: [String: [String]] = [:]
        for member in spec["extra"]?.objectValue ?? JSONObject() {
            extra[member.key] = (member.value.arrayValue ?? []).compactMap(\.stringValue)
        }
        var user = UserInfo(name: name, uid: spec["uid"]?.stringValue ?? "", extra: extra)
        user.groups = groups
        return user
    }

    /// The request an access review describes: exactly one of `resourceAttributes` and
    /// `nonResourceAttributes`.
    private static func attributes(_ spec: JSONValue, user: UserInfo, kind: String) throws(StatusError) -> AuthorizationAttributes {
        func field(_ object: JSONValue, _ name: String) -> String { object[name]?.stringValue ?? "" }
        switch (spec["resourceAttributes"], spec["nonResourceAttributes"]) {
        case (let resource?, nil) where !resource.isNull:
            return .resource(
                user: user, verb: field(resource, "verb"), group: field(resource, "group"), version: field(resource, "version"),
                resource: field(resource, "resource"), subresource: field(resource, "subresource"),
                namespace: field(resource, "namespace"), name: field(resource, "name")
            )
        case (nil, let path?) where !path.isNull:
            return .nonResource(user: user, verb: field(path, "verb"), path: field(path, "path"))
        default:
            throw .invalid(kind: Self.kind(kind, group: "authorization.k8s.io"), name: "", causes: [
                StatusCause(
                    type: "FieldValueInvalid",
                    message: "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
                    field: "spec.resourceAttributes"
                )
            ])
        }
    }

    private static func userInfo(_ user: UserInfo) -> JSONValue {
        var info: JSONObject = ["username": .string(user.name)]
        if !user.uid.isEmpty { info["uid"] = .string(user.uid) }
        info["groups"] = .array(user.groups.map(JSONValue.string))
        if !user.extra.isEmpty {
            info["extra"] = .object(JSONObject(user.extra.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) }))
        }
        return .object(info)
    }
}
