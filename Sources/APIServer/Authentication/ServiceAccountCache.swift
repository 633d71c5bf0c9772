import KubeModel
public import ServiceLifecycle

/// The service accounts as a store watch keeps them (a `Service`), for the checks that read an
/// account on every request: the authenticator (is a token's account still there, with its uid)
/// and ServiceAccount admission (every pod create). A copy that does not satisfy the caller —
/// missing, or stale — is confirmed from the store, as kube-apiserver's getter falls back from its
/// informer to a live read; so a just-created account is never refused for the watch's lag.
public final class ServiceAccountCache: Service, Sendable {
    private let objects: ObjectStore
    private let definition: ResourceDefinition
    private let follower: CollectionFollower

    init(objects: ObjectStore, catalog: ResourceCatalog) {
        self.objects = objects
        self.definition = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "serviceaccounts"))!
        self.follower = CollectionFollower(objects: objects, definition: self.definition)
    }

    /// Follows the accounts until graceful shutdown.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown { await self.follower.follow() }
    }

    /// The account `namespace/name`: the watched copy when `accepts` it, else the store's
    /// (`nil` when it does not exist).
    /// - Throws: ``StatusError`` when the store cannot be read.
    func account(
        namespace: String, name: String, accepting accepts: (JSONValue) -> Bool = { _ in true }
    ) async throws -> JSONValue? {
        if let cached = self.follower.object(at: self.objects.key(self.definition, namespace: namespace, name: name)), accepts(cached) {
            return cached
        }
        do {
            return try await self.objects.get(self.definition, namespace: namespace, name: name)
        } catch let error as StatusError where error.code == 404 {
            return nil
        }
    }
}
