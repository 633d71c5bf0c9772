import Foundation
public import KubeModel
public import Logging
import Metrics
import NIOCore
import NIOHTTP1
public import WharfRuntime

/// The API server's request router: authentication, health and metrics endpoints, `/version`,
/// discovery, and resource requests.
public struct KubeAPIHandler: Sendable {
    /// What is served now: built-in and custom resources.
    public let served: ServedResources
    let discovery: DiscoveryDocuments
    let resources: ResourceHandler
    let authenticator: Authenticator
    let authorizer: any Authorizer
    let observability: ObservabilityRouter
    let openAPI: OpenAPIHandler
    /// The watch caches; run them as a service beside the listener.
    public let watchCaches: WatchCaches
    /// Admission control; run it as a service beside the listener (its steps follow their configurations).
    public let admission: AdmissionControl
    /// The service accounts authentication and admission read, followed by a store watch: run it
    /// as a service beside the listener (without it they read the store).
    public let serviceAccounts: ServiceAccountCache
    let version: JSONValue
    let controllers: ControllerSelection
    let logger: Logger
    /// Where audit events go, when an audit policy is configured.
    let audit: AuditLog?

    /// Paths anyone may read without credentials.
    private static let publicPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version"]
    /// Paths served without asking the authorizer (kube-apiserver's `--authorization-always-allow-paths`).
    private static let alwaysAllowedPaths: Set<String> = ["/healthz", "/livez", "/readyz"]

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - served: The served resources (built-in, and custom ones as CRDs are established).
    ///   - objects: Where objects are stored.
    ///   - authenticator: Who may call.
    ///   - authorizer: What each caller may do (and whom it may impersonate).
    ///   - audit: The audit log, if requests are audited.
    ///   - observability: Answers `/metrics`, `/healthz`, `/livez` and `/readyz`.
    ///   - serviceNetwork: Where Service cluster IPs come from (`--service-cluster-ip-range`).
    ///   - nodePorts: Where node ports come from (`--service-node-port-range`).
    ///   - eventTTLSeconds: How long Event objects live (`--event-ttl`); 0 keeps them.
    ///   - kubernetesVersion: The `gitVersion` `/version` reports, e.g. `v1.33.0`.
    ///   - controllers: The lifecycle controllers that run; deletes add the garbage collector's
    ///     finalizers only while it runs, as kube-apiserver does with `--enable-garbage-collector`.
    ///   - admissionPlugins: The admission plugins that run (`--enable-admission-plugins`, `--disable-admission-plugins`).
    ///   - logger: Receives request failures.
    public init(
        served: ServedResources, objects: ObjectStore, authenticator: Authenticator, authorizer: any Authorizer,
        observability: ObservabilityRouter,
        serviceNetwork: IPv4Network, nodePorts: ClosedRange<Int>, eventTTLSeconds: Int64, kubernetesVersion: String,
        controllers: ControllerSelection = .all, admissionPlugins: AdmissionPluginSelection = .defaults, audit: AuditLog? = nil,
        logger: Logger
    ) {
        self.audit = audit
        self.served = served
        self.serviceAccounts = ServiceAccountCache(objects: objects, catalog: served.builtinCatalog)
        let checking = authenticator.checkingServiceAccounts(in: self.serviceAccounts)
        self.watchCaches = WatchCaches(store: objects.store)
        self.admission = AdmissionControl(
            objects: objects, served: served, plugins: admissionPlugins, authorizer: authorizer,
            serviceAccounts: self.serviceAccounts, logger: logger
        )
        self.discovery = DiscoveryDocuments(served: served)
        self.resources = ResourceHandler(
            served: served, objects: objects, admission: self.admission,
            addresses: ServiceAddressAllocator(
                network: serviceNetwork, nodePorts: nodePorts, storePrefix: objects.prefix
            ),
            eventLeases: EventLeases(ttlSeconds: eventTTLSeconds),
            watchCaches: self.watchCaches,
            authenticator: checking,
            authorizer: authorizer,
            logger: logger,
            garbageCollection: controllers.contains(.garbageCollector)
        )
        self.authenticator = checking
        self.authorizer = authorizer
        self.observability = observability
        self.openAPI = OpenAPIHandler(served: served)
        self.version = Self.versionDocument(kubernetesVersion)
        self.controllers = controllers
        self.logger = logger
    }

    /// Creates what a cluster has from the start when it is missing: the system namespaces
    /// (`default`, `kube-system`, …), the `default/kubernetes` Service pointing at this server,
    /// and the default RBAC roles and bindings.
    ///
    /// - Parameters:
    ///   - address: The IP clients reach this API server at.
    ///   - port: Its port.
    /// - Throws: ``StatusError`` when the store cannot be reached.
    public func bootstrapCluster(address: String, port: Int) async throws {
        try await ClusterBootstrap(handler: self.resources).ensure(address: address, port: port)
    }

    /// The lifecycle controllers chosen at creation (namespace controller, garbage collector,
    /// service account controller, root CA publisher) over this handler's store and served
    /// resources (custom ones included); run them as a service beside the listener.
    ///
    /// - Parameter rootCA: The PEM CA bundle published as `kube-root-ca.crt`; `nil` leaves the
    ///   root CA publisher out.
    public func lifecycleControllers(rootCA: String?, logger: Logger) -> LifecycleControllers {
        LifecycleControllers(handler: self.resources, selection: self.controllers, rootCA: rootCA, logger: logger)
    }

    /// Answers one request.
    ///
    /// - Parameters:
    ///   - request: The request (its `user` is filled in here).
    ///   - certificate: The verified client certificate's CN and O values, if the client sent one.
    ///   - uri: The raw request target, for endpoints that read it themselves.
    ///   - serverAddress: The `host:port` clients reached, for `/api`.
    public func handle(
        _ request: APIRequest, uri: String, certificate: (commonName: String, organizations: [String])?, serverAddress: String
    ) async -> APIResponse {
        var request = request
        let received = Date()
        let info = RequestInfo(path: request.path, method: request.method, watch: request.queryFlag("watch"))
        let response: APIResponse
        var authenticated: UserInfo?
        switch await self.authenticator.authenticate(authorization: request.headers.first(name: "Authorization"), certificate: certificate) {
        case .authenticated(let user):
            request.user = user
            authenticated = user
            response = await self.serve(&request, info: info, uri: uri, serverAddress: serverAddress)
        case .rejected:
            response = .status(.unauthorized)
        case .anonymous:
            let base = "/" + (request.path.split(separator: "/").first.map(String.init) ?? "")
            response = Self.publicPaths.contains(base)
                ? await self.serve(&request, info: info, uri: uri, serverAddress: serverAddress) : .status(.unauthorized)
        }
        self.audit?.record(
            request, info: info, user: authenticated, impersonated: request.user != authenticated ? request.user : nil,
            response: response, received: received
        )
        return response.negotiatingStatus(accept: request.headers["Accept"].joined(separator: ","))
    }

    /// Authorizes and answers an authenticated (or public) request, timing it for the request metrics.
    private func serve(_ request: inout APIRequest, info: RequestInfo?, uri: String, serverAddress: String) async -> APIResponse {
        let start = ContinuousClock.now
        let response: APIResponse
        if let refusal = await self.authorize(&request, info: info) {
            response = refusal
        } else {
            response = await self.route(request, info: info, uri: uri, serverAddress: serverAddress)
        }
        self.record(request, info: info, response, elapsed: ContinuousClock.now - start)
        return response
    }

    /// Applies impersonation headers and asks the authorizer, before any handler runs; the
    /// `Status` to answer (`403`, or `500` for malformed impersonation) when the request may not proceed.
    private func authorize(_ request: inout APIRequest, info: RequestInfo?) async -> APIResponse? {
        let requester = request.user ?? .anonymous
        let user: UserInfo
        do {
            user = try await Impersonation.user(for: requester, headers: request.headers, authorizer: self.authorizer)
        } catch {
            return .status(error)
        }
        if user != requester { request.user = user }
        let base = "/" + (request.path.split(separator: "/").first.map(String.init) ?? "")
        if Self.alwaysAllowedPaths.contains(base) { return nil }
        let attributes = AuthorizationAttributes(request: request, info: info, user: user)
        let decision = await self.authorizer.authorize(attributes)
        return decision.isAllowed ? nil : .status(attributes.forbidden(reason: decision.reason))
    }

    private func route(_ request: APIRequest, info: RequestInfo?, uri: String, serverAddress: String) async -> APIResponse {
        switch request.path {
        case "/version", "/version/":
            return .json(self.version)
        case _ where Self.isObservabilityPath(request.path):
            let answer = await self.observability.response(method: request.method, uri: uri)
            var headers: HTTPHeaders = ["Content-Type": answer.contentType]
            for (name, value) in answer.headers { headers.add(name: name, value: value) }
            return APIResponse(status: answer.status, headers: headers, body: .bytes(Array(answer.body.readableBytesView)))
        default:
            if let answer = self.openAPI.response(path: request.path, accept: request.headers["Accept"].joined(separator: ",")) {
                return answer
            }
        }
        guard let info else {
            return .status(.pathNotFound)
        }
        let accept = request.headers["Accept"].joined(separator: ",")
        switch info {
        case .coreVersions:
            if let version = AggregatedDiscovery.requestedVersion(accept: accept) {
                return AggregatedDiscovery.response(self.discovery.aggregated(core: true, apiVersion: version), version: version)
            }
            return .json(self.discovery.coreVersions(serverAddress: serverAddress))
        case .groupList:
            if let version = AggregatedDiscovery.requestedVersion(accept: accept) {
                return AggregatedDiscovery.response(self.discovery.aggregated(core: false, apiVersion: version), version: version)
            }
            return .json(self.discovery.groupList())
        case .group(let name):
            return self.discovery.group(name).map { .json($0) } ?? .status(.pathNotFound)
        case .resourceList(let groupVersion):
            return self.discovery.resourceList(groupVersion).map { .json($0) } ?? .status(.pathNotFound)
        case .resource(let resource):
            return await self.resources.handle(resource, request)
        }
    }

    private static func isObservabilityPath(_ path: String) -> Bool {
        let first = path.split(separator: "/").first ?? ""
        return ["metrics", "healthz", "livez", "readyz"].contains(first)
    }

    /// `apiserver_request_total` and `apiserver_request_duration_seconds`, labelled as kube-apiserver labels them.
    private func record(_ request: APIRequest, info: RequestInfo?, _ response: APIResponse, elapsed: Duration) {
        var dimensions: [(String, String)] = [("code", String(response.status.code))]
        if case .resource(let info)? = info {
            let verb = Self.metricVerbs[info.verb] ?? info.verb.uppercased()
            let scope = !info.name.isEmpty ? "resource" : (info.namespace.isEmpty ? "cluster" : "namespace")
            dimensions += [
                ("verb", verb), ("group", info.groupVersion.group), ("version", info.groupVersion.version),
                ("resource", info.resource), ("subresource", info.subresource), ("scope", scope), ("component", "apiserver"),
            ]
        } else {
            dimensions += [("verb", request.method.rawValue), ("component", "apiserver")]
        }
        MetricHandles.shared.counter("apiserver_request_total", dimensions).increment()
        if case .bytes = response.body {
            let timerDimensions = dimensions.filter { $0.0 != "code" }
            MetricHandles.shared.timer("apiserver_request_duration_seconds", timerDimensions).record(elapsed)
        }
    }

    /// kube-apiserver's `verb` label values.
    private static let metricVerbs = [
        "get": "GET", "list": "LIST", "watch": "WATCH", "create": "POST", "update": "PUT", "patch": "PATCH",
        "delete": "DELETE", "deletecollection": "DELETECOLLECTION",
    ]

    private static func versionDocument(_ gitVersion: String) -> JSONValue {
        let numbers = gitVersion.dropFirst().split(separator: ".")
        let major = numbers.first.map(String.init) ?? "1"
        let minor = numbers.count > 1 ? String(numbers[1]) : "0"
        #if arch(arm64)
            let platform = "linux/arm64"
        #else
            let platform = "linux/amd64"
        #endif
        return [
            "major": .string(major), "minor": .string(minor), "gitVersion": .string(gitVersion),
            "gitCommit": "wharf", "gitTreeState": "clean", "buildDate": "1970-01-01T00:00:00Z",
            "goVersion": "n/a (Swift)", "compiler": "swift", "platform": .string(platform),
        ]
    }
}
