extension StatusError {
    /// `404 NotFound`: `pods "web" not found`.
    public static func notFound(_ resource: GroupVersionResource, name: String) -> StatusError {
        StatusError(
            code: 404, reason: "NotFound", message: "\(resource.groupResource) \"\(name)\" not found",
            name: name, group: resource.group, kind: resource.resource
        )
    }

    /// `404 NotFound` for a path the server does not serve.
    public static let pathNotFound = StatusError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource"
    )

    /// `409 AlreadyExists`: `pods "web" already exists`.
    public static func alreadyExists(_ resource: GroupVersionResource, name: String) -> StatusError {
        StatusError(
            code: 409, reason: "AlreadyExists", message: "\(resource.groupResource) \"\(name)\" already exists",
            name: name, group: resource.group, kind: resource.resource
        )
    }

    /// `409 Conflict` for a stale `resourceVersion` or a failed precondition.
    public static func conflict(_ resource: GroupVersionResource, name: String, detail: String) -> StatusError {
        StatusError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource.groupResource) \"\(name)\": \(detail)",
            name: name, group: resource.group, kind: resource.resource
        )
    }

    /// `403 Forbidden`: `namespaces "default" is forbidden: this namespace may not be deleted`.
    public static func forbidden(
        _ resource: GroupVersionResource, name: String, _ reason: String, causes: [StatusCause] = []
    ) -> StatusError {
        StatusError(
            code: 403, reason: "Forbidden", message: "\(resource.groupResource) \"\(name)\" is forbidden: \(reason)",
            name: name, group: resource.group, kind: resource.resource, causes: causes
        )
    }

    /// The detail of a write made against an older `resourceVersion`.
    public static let modifiedDetail =
        "the object has been modified; please apply your changes to the latest version and try again"

    /// `422 Invalid`: `ConfigMap "x" is invalid: metadata.name: Required value: name or generateName is required`.
    public static func invalid(kind: GroupVersionKind, name: String, causes: [StatusCause]) -> StatusError {
        // kube-apiserver names the kind with its group: `Deployment.apps "web" is invalid: …`.
        let qualifiedKind = kind.group.isEmpty ? kind.kind : "\(kind.kind).\(kind.group)"
        let summary: String
        if causes.count == 1 {
            summary = Self.describe(causes[0])
        } else {
            summary = "[" + causes.map(Self.describe).joined(separator: ", ") + "]"
        }
        return StatusError(
            code: 422, reason: "Invalid", message: "\(qualifiedKind) \"\(name)\" is invalid: \(summary)",
            name: name, group: kind.group, kind: kind.kind, causes: causes
        )
    }

    private static func describe(_ cause: StatusCause) -> String {
        cause.field.isEmpty ? cause.message : "\(cause.field): \(cause.message)"
    }

    /// `400 BadRequest` with a message.
    public static func badRequest(_ message: String) -> StatusError {
        StatusError(code: 400, reason: "BadRequest", message: message)
    }

    /// `405 MethodNotAllowed`.
    public static func methodNotSupported(_ resource: GroupVersionResource, verb: String) -> StatusError {
        StatusError(
            code: 405, reason: "MethodNotAllowed",
            message: "\(verb) is not supported on resources of kind \"\(resource.groupResource)\"",
            group: resource.group, kind: resource.resource
        )
    }

    /// `410 Expired`: the requested `resourceVersion` was compacted away.
    public static func resourceExpired(_ message: String) -> StatusError {
        StatusError(code: 410, reason: "Expired", message: message)
    }

    /// `401 Unauthorized`.
    public static let unauthorized = StatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    /// `413 RequestEntityTooLarge`.
    public static func requestEntityTooLarge(limit: Int) -> StatusError {
        StatusError(
            code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)"
        )
    }

    /// `415 UnsupportedMediaType`.
    public static func unsupportedMediaType(_ contentType: String) -> StatusError {
        StatusError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml, application/vnd.kubernetes.protobuf",
            kind: contentType
        )
    }

    /// `406 NotAcceptable`: the client accepts only protobuf, and objects of the Go type `goType`
    /// (`*unstructured.Unstructured` for custom resources) have no protobuf form.
    public static func notAcceptable(goType: String) -> StatusError {
        StatusError(
            code: 406, reason: "NotAcceptable",
            message: "object \(goType) does not implement the protobuf marshalling interface and cannot be encoded "
                + "to a protobuf message"
        )
    }

    /// `500 InternalError`.
    public static func internalError(_ detail: String) -> StatusError {
        StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(detail)", causes: [
            StatusCause(type: "UnexpectedServerResponse", message: detail)
        ])
    }

    /// `503 ServiceUnavailable` (for example while the store is unreachable).
    public static func serviceUnavailable(_ message: String) -> StatusError {
        StatusError(code: 503, reason: "ServiceUnavailable", message: message)
    }

    /// `504 Timeout`.
    public static func timeout(_ message: String) -> StatusError {
        StatusError(code: 504, reason: "Timeout", message: message)
    }

    /// kube-apiserver's `504` for a read at a revision the store has not reached (the revisions
    /// in the message when known).
    public static func tooLargeResourceVersion(_ requested: Int64? = nil, current: Int64? = nil) -> StatusError {
        var message = "Too large resource version"
        if let requested, let current { message += ": \(requested), current: \(current)" }
        var error = StatusError.timeout(message)
        error.causes = [StatusCause(type: "ResourceVersionTooLarge", message: "Too large resource version", field: "")]
        error.retryAfterSeconds = 1
        return error
    }
}
