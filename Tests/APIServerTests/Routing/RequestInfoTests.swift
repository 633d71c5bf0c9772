import KubeModel
import NIOHTTP1
import Testing

@testable import APIServer

@Suite struct RequestInfoTests {
    private func resource(_ path: String, _ method: HTTPMethod = .GET, watch: Bool = false) -> RequestInfo.ResourceRequest? {
        guard case .resource(let request)? = RequestInfo(path: path, method: method, watch: watch) else { return nil }
        return request
    }

    @Test func discoveryPaths() {
        #expect(RequestInfo(path: "/api", method: .GET, watch: false) == .coreVersions)
        #expect(RequestInfo(path: "/apis", method: .GET, watch: false) == .groupList)
        #expect(RequestInfo(path: "/apis/apps", method: .GET, watch: false) == .group("apps"))
        #expect(RequestInfo(path: "/apis/apps/v1", method: .GET, watch: false) == .resourceList(GroupVersion(group: "apps", version: "v1")))
        #expect(RequestInfo(path: "/metrics", method: .GET, watch: false) == nil)
    }

    @Test func resourcePathsAndVerbs() throws {
        let pod = try #require(resource("/api/v1/namespaces/default/pods/web"))
        #expect((pod.namespace, pod.resource, pod.name, pod.subresource, pod.verb) == ("default", "pods", "web", "", "get"))
        #expect(resource("/api/v1/namespaces/default/pods")?.verb == "list")
        #expect(resource("/api/v1/namespaces/default/pods", watch: true)?.verb == "watch")
        #expect(resource("/api/v1/watch/namespaces/default/pods")?.verb == "watch")
        #expect(resource("/api/v1/pods")?.namespace == "")
        let scale = try #require(resource("/apis/apps/v1/namespaces/a/deployments/d/scale", .PUT))
        #expect((scale.subresource, scale.verb) == ("scale", "update"))
        #expect(resource("/api/v1/namespaces/default/configmaps", .DELETE)?.verb == "deletecollection")
        let namespace = try #require(resource("/api/v1/namespaces/x", .DELETE))
        #expect((namespace.resource, namespace.name, namespace.verb) == ("namespaces", "x", "delete"))
        // A namespace's own subresources address the namespace, not a resource inside it.
        let status = try #require(resource("/api/v1/namespaces/x/status", .PUT))
        #expect((status.resource, status.name, status.subresource, status.namespace) == ("namespaces", "x", "status", ""))
        #expect(resource("/api/v1/namespaces/a/pods/b/c/d") == nil)
    }
}
