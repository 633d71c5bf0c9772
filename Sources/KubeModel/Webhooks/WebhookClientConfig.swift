import Foundation

/// Where the API server calls a webhook (the `clientConfig` of admission webhooks and of a CRD's
/// conversion webhook): a `url`, or a Service, and the CA bundle the webhook's serving
/// certificate must chain to.
public struct WebhookClientConfig: Sendable, Equatable {
    /// A `service` reference: the webhook listening behind a Service.
    public struct Service: Sendable, Equatable {
        public var namespace: String
        public var name: String
        /// The URL path, if any.
        public var path: String?
        /// The Service's port; 443 when not given.
        public var port: Int64
    }

    /// `url`, when given.
    public var url: String?
    /// `service`, when given.
    public var service: Service?
    /// `caBundle` as written: base64 of PEM certificates.
    public var encodedCABundle: String

    /// Reads a `clientConfig` object.
    public init(_ clientConfig: JSONValue) {
        self.url = clientConfig["url"]?.stringValue
        self.service = clientConfig["service"].map { service in
            Service(
                namespace: service["namespace"]?.stringValue ?? "", name: service["name"]?.stringValue ?? "",
                path: service["path"]?.stringValue, port: service["port"]?.integerValue ?? 443
            )
        }
        self.encodedCABundle = clientConfig["caBundle"]?.stringValue ?? ""
    }

    /// The PEM certificates to trust; empty trusts the system roots.
    public var caBundle: [UInt8] {
        Array(Data(base64Encoded: self.encodedCABundle) ?? Data())
    }

    /// The URL to call: `url`, or the Service's cluster DNS name
    /// (`https://<name>.<namespace>.svc:<port><path>`), which resolves only where cluster DNS does:
    /// Wharf runs no cluster network, so a Service reference works only when the host's resolver
    /// knows that name. `nil` when the config names neither.
    public var target: String? {
        if let url = self.url { return url }
        guard let service = self.service, !service.name.isEmpty, !service.namespace.isEmpty else { return nil }
        return "https://\(service.name).\(service.namespace).svc:\(service.port)\(service.path ?? "")"
    }

    /// What kube-apiserver refuses in a client config at `path` (`…webhookClientConfig`), with its
    /// wording: exactly one of `url` (https, a host, no user, query or fragment) and `service`
    /// (name, namespace, a valid port, a path starting with `/`), and a `caBundle` holding PEM
    /// certificates.
    public func problems(at path: String) -> [StatusCause] {
        var causes: [StatusCause]
        switch (self.url, self.service) {
        case (let url?, nil): causes = Self.urlProblems(url, at: "\(path).url")
        case (nil, let service?): causes = Self.serviceProblems(service, at: "\(path).service")
        default:
            causes = [StatusCause(type: "FieldValueRequired", message: "Required value: exactly one of url or service is required", field: path)]
        }
        if !self.encodedCABundle.isEmpty && !Self.holdsCertificate(self.caBundle) {
            causes.append(.invalid("\(path).caBundle", value: self.encodedCABundle, "data does not contain any valid RSA or ECDSA certificates"))
        }
        return causes
    }

    private static func urlProblems(_ url: String, at path: String) -> [StatusCause] {
        let form = "; desired format: https://host[/path]"
        guard let parsed = URLComponents(string: url) else {
            return [StatusCause(type: "FieldValueRequired", message: "Required value: url must be a valid URL\(form)", field: path)]
        }
        var causes: [StatusCause] = []
        let scheme = parsed.scheme ?? ""
        if scheme != "https" {
            causes.append(.invalid(path, value: scheme, "'https' is the only allowed URL scheme\(form)"))
        }
        let host = parsed.host ?? ""
        if host.isEmpty {
            causes.append(.invalid(path, value: host, "host must be specified\(form)"))
        }
        if let user = parsed.user {
            causes.append(.invalid(path, value: user, "user information is not permitted in the URL"))
        }
        if let fragment = parsed.fragment, !fragment.isEmpty {
            causes.append(.invalid(path, value: fragment, "fragments are not permitted in the URL"))
        }
        if let query = parsed.query, !query.isEmpty {
            causes.append(.invalid(path, value: query, "query parameters are not permitted in the URL"))
        }
        return causes
    }

    private static func serviceProblems(_ service: Service, at path: String) -> [StatusCause] {
        var causes: [StatusCause] = []
        if service.name.isEmpty {
            causes.append(StatusCause(type: "FieldValueRequired", message: "Required value: service name is required", field: "\(path).name"))
        }
        if service.namespace.isEmpty {
            causes.append(StatusCause(type: "FieldValueRequired", message: "Required value: service namespace is required", field: "\(path).namespace"))
        }
        if service.port < 1 || service.port > 65535 {
            causes.append(.invalid("\(path).port", number: service.port, "port is not valid: must be between 1 and 65535, inclusive"))
        }
        if let urlPath = service.path, !urlPath.isEmpty, urlPath != "/", !urlPath.hasPrefix("/") {
            causes.append(.invalid("\(path).path", value: urlPath, "must start with a '/'"))
        }
        return causes
    }

    /// Whether PEM text holds at least one certificate block whose body is valid base64.
    private static func holdsCertificate(_ pem: [UInt8]) -> Bool {
        let text = String(decoding: pem, as: UTF8.self)
        let blocks = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst()
        return blocks.contains { block in
            guard let end = block.range(of: "-----END CERTIFICATE-----") else { return false }
            let body = block[..<end.lowerBound].filter { !$0.isWhitespace }
            return !body.isEmpty && Data(base64Encoded: String(body)) != nil
        }
    }
}
